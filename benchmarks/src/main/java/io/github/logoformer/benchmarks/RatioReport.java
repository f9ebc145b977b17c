package io.github.logoformer.benchmarks;

import io.github.logoformer.kernels.LogoformerNative;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Prints a JMH JSON result file as fused-vs-baseline pairs: within one benchmark class and param
 * set, each {@code <prefix>Fused} beside every {@code <prefix><Baseline>} (Baseline one capitalised
 * word, so forwardFused pairs with forwardSdpa but not forwardBackwardSdpa), then the unpaired ones.
 * Results that differ only in their precision param ({@code dtype} float32/bfloat16, {@code precision}
 * fp32/bf16) are paired within one precision, and a fused result in the lower precision is also paired
 * with every float32 baseline (shown as {@code Baseline@float32}): fused bfloat16 against the float32
 * reference, in the same run.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.github.logoformer.benchmarks.RatioReport jmh-results.json}
 */
public final class RatioReport {
    private static final String FUSED = "Fused";
    private static final Pattern BASELINE_SUFFIX = Pattern.compile("[A-Z][a-z0-9]*");
    private static final Set<String> FULL_PRECISION = Set.of("float32", "fp32");

    private RatioReport() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: RatioReport <jmh-results.json>");
            System.exit(2);
        }
        List<JmhResult> results = JmhResult.read(Path.of(args[0]));
        System.out.println("lf_build_info: " + LogoformerNative.buildInfo());
        System.out.println("lf_cpu_simd_level: " + LogoformerNative.cpuSimdLevel());
        Table pairs = new Table("class", "params", "op", "fused", "rate", "baseline", "baseline time", "rate",
                "baseline/fused");
        Table unpaired = new Table("class", "params", "benchmark", "time", "rate");
        Set<JmhResult> paired = new HashSet<>();
        for (List<JmhResult> group : byClassAndParams(results)) {
            for (JmhResult fused : group) {
                if (!fused.method().endsWith(FUSED)) {
                    continue;
                }
                String prefix = fused.method().substring(0, fused.method().length() - FUSED.length());
                for (JmhResult baseline : group) {
                    String suffix = baseline.method().startsWith(prefix) ? baseline.method().substring(prefix.length()) : "";
                    if (suffix.equals(FUSED) || !BASELINE_SUFFIX.matcher(suffix).matches() || !comparable(fused, baseline)) {
                        continue;
                    }
                    paired.add(fused);
                    paired.add(baseline);
                    String label = Objects.equals(fused.precision(), baseline.precision()) ? suffix
                            : suffix + "@" + baseline.precision();
                    pairs.add(fused.benchmarkClass(), fused.paramsText(), prefix, time(fused), rate(fused), label,
                            time(baseline), rate(baseline), speedup(baseline.score() / fused.score()));
                }
            }
        }
        for (JmhResult result : results) {
            if (!paired.contains(result)) {
                unpaired.add(result.benchmarkClass(), result.paramsText(), result.method(), time(result), rate(result));
            }
        }
        pairs.print();
        if (!unpaired.isEmpty()) {
            System.out.println();
            unpaired.print();
        }
    }

    /** Same precision, or a float32 baseline for a fused result in a lower precision. */
    private static boolean comparable(JmhResult fused, JmhResult baseline) {
        return Objects.equals(fused.precision(), baseline.precision())
                || FULL_PRECISION.contains(baseline.precision()) && !FULL_PRECISION.contains(fused.precision());
    }

    private static List<List<JmhResult>> byClassAndParams(List<JmhResult> results) {
        Map<String, List<JmhResult>> groups = new LinkedHashMap<>();
        for (JmhResult result : results) {
            groups.computeIfAbsent(result.benchmarkClass() + " " + result.paramsBesidesPrecision(), key -> new ArrayList<>())
                    .add(result);
        }
        return new ArrayList<>(groups.values());
    }

    private static String time(JmhResult result) {
        return String.format(Locale.ROOT, "%.3f ± %.3f %s", result.score(), result.error(), result.unit());
    }

    /** GFLOP/s where the op has a FLOP count, clips/s for whole models, else "-". */
    private static String rate(JmhResult result) {
        double gflops = result.gflops(), clips = result.clipsPerSecond();
        return !Double.isNaN(gflops) ? String.format(Locale.ROOT, "%.1f GFLOP/s", gflops)
                : !Double.isNaN(clips) ? String.format(Locale.ROOT, "%.2f clips/s", clips) : "-";
    }

    private static String speedup(double ratio) {
        return ratio >= 1
                ? String.format(Locale.ROOT, "%.2f (fused is %.1fx faster)", ratio, ratio)
                : String.format(Locale.ROOT, "%.2f (fused is %.1fx slower)", ratio, 1 / ratio);
    }
}
