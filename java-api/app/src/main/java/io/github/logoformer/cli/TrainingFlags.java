package io.github.logoformer.cli;

import io.github.logoformer.nn.Precision;
import io.github.logoformer.train.Checkpoint;
import io.github.logoformer.train.TrainingOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Training options on the command line; defaults from {@link TrainingOptions#DEFAULT}. */
final class TrainingFlags {
    private static final TrainingOptions D = TrainingOptions.DEFAULT;

    @Option(names = "--epochs", description = "Epochs (default ${DEFAULT-VALUE}).")
    int epochs = D.epochs();

    @Option(names = "--batch-size", description = "Clips per batch (default ${DEFAULT-VALUE}).")
    int batchSize = D.batchSize();

    @Option(names = "--lr", description = "Peak learning rate of the cosine schedule (default ${DEFAULT-VALUE}).")
    double learningRate = D.learningRate();

    @Option(names = "--warmup-epochs", description = "Linear warm-up epochs (default ${DEFAULT-VALUE}).")
    int warmupEpochs = D.warmupEpochs();

    @Option(names = "--momentum", description = "SGD momentum (default ${DEFAULT-VALUE}).")
    double momentum = D.momentum();

    @Option(names = "--weight-decay", description = "Weight decay (default ${DEFAULT-VALUE}).")
    double weightDecay = D.weightDecay();

    @Option(names = "--rho", description = "SAM radius; 0 = plain SGD, one pass per step (default ${DEFAULT-VALUE}).")
    double rho = D.rho();

    @Option(names = "--lambda", description = "Weight of the compact loss term: CE + lambda * compact (default ${DEFAULT-VALUE}).")
    double lambda = D.lambda();

    @Option(names = "--seed", description = "Seed of weights, sampling, augmentation and dropout (default ${DEFAULT-VALUE}).")
    long seed = D.seed();

    @Option(names = "--workers", description = "Frame-decoding threads (default ${DEFAULT-VALUE}).")
    int workers = 1;

    @Option(names = "--precision", description = "Forward passes in bf16 (bfloat16 autocast; weights, gradients, SAM"
            + " and momentum stay float32) or fp32 (default: bf16 where the CPU has bfloat16 dot products, else fp32;"
            + " a resumed run keeps its own).")
    String precision;

    /** The options as given, an unset --precision as the machine's default: checks them. */
    TrainingOptions options() {
        return options(null, false);
    }

    /** The options, for a run in {@code runDir}: an unset --precision resumes a run's own, else the machine's default. */
    TrainingOptions options(Path runDir, boolean resume) {
        return new TrainingOptions(epochs, batchSize, learningRate, warmupEpochs, momentum, weightDecay, rho, lambda, seed,
                precision(runDir, resume));
    }

    private Precision precision(Path runDir, boolean resume) {
        if (precision != null) {
            return PrecisionOption.parse(precision);
        }
        return resume && Checkpoint.exists(runDir) ? Checkpoint.load(runDir).options().precision()
                : Precision.machineDefault();
    }
}
