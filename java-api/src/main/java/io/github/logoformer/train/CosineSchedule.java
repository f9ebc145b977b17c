package io.github.logoformer.train;

/**
 * Learning rate per optimiser step: a linear warm-up from 0 over {@code warmupSteps}, then a cosine
 * decay from {@code base} to 0 at {@code totalSteps} (SGDR without restarts, as common for DFER
 * transformers).
 */
public record CosineSchedule(double base, long warmupSteps, long totalSteps) {
    public CosineSchedule {
        if (!(base > 0)) {
            throw new IllegalArgumentException("base learning rate: expected > 0, got " + base);
        }
        if (totalSteps < 1 || warmupSteps < 0 || warmupSteps >= totalSteps) {
            throw new IllegalArgumentException("steps: expected 0 <= warmupSteps < totalSteps, got warmup "
                    + warmupSteps + ", total " + totalSteps);
        }
    }

    /** The learning rate of step {@code step} (0-based). */
    public double at(long step) {
        if (step < warmupSteps) {
            return base * (step + 1) / warmupSteps;
        }
        double progress = (step - warmupSteps) / (double) (totalSteps - warmupSteps);
        return 0.5 * base * (1 + Math.cos(Math.PI * Math.min(1, progress)));
    }
}
