package io.github.logoformer.benchmarks;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
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
        try (Reader reader = Files.newBufferedReader(file)) {
            for (JsonElement element : JsonParser.parseReader(reader).getAsJsonArray()) {
                results.add(of(element.getAsJsonObject()));
            }
        }
        return results;
    }

    private static JmhResult of(JsonObject json) {
        String benchmark = json.get("benchmark").getAsString();  // fully.qualified.Class.method
        int lastDot = benchmark.lastIndexOf('.');
        String className = benchmark.substring(benchmark.lastIndexOf('.', lastDot - 1) + 1, lastDot);
        Map<String, String> params = new TreeMap<>();
        if (json.has("params")) {
            json.getAsJsonObject("params").entrySet().forEach(e -> params.put(e.getKey(), e.getValue().getAsString()));
        }
        JsonObject metric = json.getAsJsonObject("primaryMetric");
        // JMH writes "NaN" (a string) as the error of a single measurement iteration; getAsDouble parses it.
        return new JmhResult(className, benchmark.substring(lastDot + 1), params, metric.get("score").getAsDouble(),
                metric.get("scoreError").getAsDouble(), metric.get("scoreUnit").getAsString());
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

    String paramsText() {
        return params.isEmpty() ? "-" : params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .reduce((a, b) -> a + "," + b).orElseThrow();
    }
}
