package io.github.logoformer.train;

import io.github.logoformer.nn.Precision;
import java.util.Locale;

/**
 * How a run trains (DESIGN.md 7): epochs, clips per batch, the update rule (AdamW, or SGD with
 * momentum) with its learning rate (a linear warm-up, then cosine decay) and weight decay, SAM's
 * radius {@code rho} around it (0 = no SAM, one pass per step), the compact loss weight {@code lambda},
 * the seed of weights, sampling, augmentation and dropout, and the {@link Precision} of the forward
 * passes (weights, gradients, SAM's perturbation and the optimiser's state stay float32 in both).
 *
 * <p>Defaults ({@link #DEFAULT}) are ours, chosen by measurement for the main job (the small model on
 * the synthetic set, 2 CPU cores, one thread: 2.7-2.9 minutes measured on an AVX2 EPYC, 3.1-3.5 on an AMX Xeon
 * before epoch ends ran beside training; benchmarks/main-job/EXPERIMENTS.md 12-13), not taken from the papers: 20 epochs, batch 16,
 * AdamW at lr 1e-3 with 1 warm-up epoch and weight decay 0.05, no SAM, lambda 0.1, and
 * {@link Precision#machineDefault()}. Twelve epochs left seeds 2 and 3 under 80 % UAR: the model was still
 * fitting (benchmarks/main-job/EXPERIMENTS.md 10). For the same 840 steps, SGD (lr 0.04, with or without SAM) ended
 * 29 to 33 points lower, and SAM's second pass costs more than the steps it saves (README, the main job).
 */
public record TrainingOptions(int epochs, int batchSize, Optimizer optimizer, double learningRate, int warmupEpochs,
        double momentum, double weightDecay, double rho, double lambda, long seed, Precision precision) {
    /** The update rule inside SAM: SGD with momentum or AdamW. */
    public enum Optimizer {
        SGD, ADAMW;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The optimiser named {@code id} ("sgd" or "adamw", any case). */
        public static Optimizer of(String id) {
            for (Optimizer o : values()) {
                if (o.id().equalsIgnoreCase(id)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("optimizer: expected sgd or adamw, got '" + id + "'");
        }
    }

    public static final TrainingOptions DEFAULT = new TrainingOptions(20, 16, Optimizer.ADAMW, 1e-3, 1, 0.9, 0.05, 0, 0.1, 1,
            Precision.machineDefault());

    public TrainingOptions {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs: expected >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size: expected >= 1, got " + batchSize);
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer: expected sgd or adamw, got null");
        }
        if (warmupEpochs < 0 || warmupEpochs >= epochs) {
            throw new IllegalArgumentException("warm-up epochs: expected 0 <= warm-up < epochs = " + epochs + ", got " + warmupEpochs);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate: expected a finite number > 0, got " + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum: expected 0 <= momentum < 1, got " + momentum);
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay: expected a finite number >= 0, got " + weightDecay);
        }
        if (!(rho >= 0) || !Double.isFinite(rho)) {
            throw new IllegalArgumentException("rho: expected a finite number >= 0 (0 = plain SGD), got " + rho);
        }
        if (!Double.isFinite(lambda)) {
            throw new IllegalArgumentException("lambda: expected a finite number, got " + lambda);
        }
        if (precision == null) {
            throw new IllegalArgumentException("precision: expected fp32 or bf16, got null");
        }
    }
}
