package io.github.logoformer.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One benchmark/param-set entry of a JMH JSON result file (-rf json): its primary metric. */
record JmhResult(String benchmarkClass, String method, Map<String, String> params, double score, double error,
        String unit) {

    static List<JmhResult> read(Path file) throws IOException {
        List<JmhResult> results = new ArrayList<>();
        for (JsonNode element : new ObjectMapper().readTree(file.toFile())) {
            results.add(of(element));
        }
        return results;
    }

    private static JmhResult of(JsonNode json) {
        String benchmark = json.get("benchmark").asText();  // fully.qualified.Class.method
        int lastDot = benchmark.lastIndexOf('.');
        String className = benchmark.substring(benchmark.lastIndexOf('.', lastDot - 1) + 1, lastDot);
        Map<String, String> params = new TreeMap<>();
        json.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
        JsonNode metric = json.get("primaryMetric");
        // JMH writes "NaN" (a string) as the error of a single measurement iteration; asDouble parses it.
        return new JmhResult(className, benchmark.substring(lastDot + 1), params, metric.get("score").asDouble(),
                Double.parseDouble(metric.get("scoreError").asText()), metric.get("scoreUnit").asText());
    }

    /** Seconds per op, for GFLOP/s; NaN unless the unit is a time per op (AverageTime or SampleTime mode). */
    double secondsPerOp() {
        double seconds = switch (unit) {
            case "s/op" -> 1;
            case "ms/op" -> 1e-3;
            case "us/op" -> 1e-6;
            case "ns/op" -> 1e-9;
            default -> Double.NaN;
        };
        return score * seconds;
    }

    double gflops() {
        return Flops.perOp(benchmarkClass, method, params) / secondsPerOp() / 1e9;
    }

    /** Clips per second of the whole-model benchmarks; NaN for the others. */
    double clipsPerSecond() {
        return benchmarkClass.equals(ModelBenchmark.class.getSimpleName()) ? ModelBenchmark.BATCH / secondsPerOp() : Double.NaN;
    }

    /** The value of the precision param ({@code dtype} or {@code precision}), or null when there is none. */
    String precision() {
        return params.getOrDefault("dtype", params.get("precision"));
    }

    /** The params without the precision one: what must match for two results to be compared. */
    Map<String, String> paramsBesidesPrecision() {
        Map<String, String> rest = new TreeMap<>(params);
        rest.remove("dtype");
        rest.remove("precision");
        return rest;
    }

    String paramsText() {
        return params.isEmpty() ? "-" : params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .reduce((a, b) -> a + "," + b).orElseThrow();
    }
}
