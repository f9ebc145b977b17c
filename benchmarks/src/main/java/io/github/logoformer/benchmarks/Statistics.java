package io.github.logoformer.benchmarks;

import java.util.Arrays;

/** Order statistics of the reports' samples (times per round, gradient errors per tensor). */
final class Statistics {
    private Statistics() {}

    /** The middle value; of an even count, the mean of the two middle ones. */
    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double min(double[] values) {
        return Arrays.stream(values).min().orElseThrow();
    }

    static double max(double[] values) {
        return Arrays.stream(values).max().orElseThrow();
    }
}
