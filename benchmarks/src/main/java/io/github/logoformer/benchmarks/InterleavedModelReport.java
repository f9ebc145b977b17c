package io.github.logoformer.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@link ModelBenchmark}'s forward and training step, the fused model in bf16 beside the reference in bf16 and
 * fp32 (and the fused in fp32), timed in turns within each round instead of one after another as JMH runs
 * them. On a VM whose speed drifts by tens of percent over minutes, JMH's ratios between benchmarks run
 * minutes apart move with the drift; here every round times all variants within seconds (starting with
 * a different one each round), and the ratio reported is the median over rounds of that round's ratio.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     io.github.logoformer.benchmarks.InterleavedModelReport [ROUNDS [MODEL...]]</pre>
 */
public final class InterleavedModelReport {
    private static final int WARMUP_ROUNDS = 2;

    private InterleavedModelReport() {}

    private record Variant(String name, Supplier<Object> call) {}

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        List<String> models = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("logoformer", "stt");
        for (String model : models) {
            ModelBenchmark bf16 = state(model, "bf16");
            ModelBenchmark fp32 = state(model, "fp32");
            report(model + " forward (eval)", rounds, List.of(
                    new Variant("fused bf16", bf16::forwardFused),
                    new Variant("reference bf16", bf16::forwardReference),
                    new Variant("reference fp32", fp32::forwardReference),
                    new Variant("fused fp32", fp32::forwardFused)));
            report(model + " training step", rounds, List.of(
                    new Variant("fused bf16", bf16::forwardBackwardFused),
                    new Variant("reference bf16", bf16::forwardBackwardReference),
                    new Variant("reference fp32", fp32::forwardBackwardReference),
                    new Variant("fused fp32", fp32::forwardBackwardFused)));
        }
    }

    private static ModelBenchmark state(String model, String precision) {
        ModelBenchmark state = new ModelBenchmark();
        state.model = model;
        state.precision = precision;
        state.setUp();
        return state;
    }

    /** Times every variant once per round; the first variant is the one the others are divided by. */
    private static void report(String title, int rounds, List<Variant> variants) {
        int n = variants.size();
        double[][] ms = new double[n][rounds];
        for (int round = -WARMUP_ROUNDS; round < rounds; round++) {
            for (int k = 0; k < n; k++) {
                int v = Math.floorMod(round + k, n);
                long start = System.nanoTime();
                variants.get(v).call().get();
                double elapsed = (System.nanoTime() - start) / 1e6;
                if (round >= 0) {
                    ms[v][round] = elapsed;
                }
            }
        }
        System.out.printf(Locale.ROOT, "%n%s, batch %d, %d rounds after %d of warm-up:%n", title, ModelBenchmark.BATCH,
                rounds, WARMUP_ROUNDS);
        Table table = new Table("variant", "median ms", "min ms", "max ms", "clips/s", "median of round ratios to "
                + variants.get(0).name());
        for (int v = 0; v < n; v++) {
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratios[r] = ms[v][r] / ms[0][r];
            }
            double median = Statistics.median(ms[v]);
            table.add(variants.get(v).name(), format(median), format(Statistics.min(ms[v])),
                    format(Statistics.max(ms[v])), format(ModelBenchmark.BATCH * 1000 / median),
                    String.format(Locale.ROOT, "%.2f", Statistics.median(ratios)));
        }
        table.print();
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, value < 10 ? "%.2f" : "%.1f", value);
    }
}
