package io.github.logoformer.cli;

import io.github.logoformer.nn.Precision;
import io.github.logoformer.train.Checkpoint;
import io.github.logoformer.train.TrainingOptions;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Training options on the command line; defaults from {@link TrainingOptions#DEFAULT}. With a recipe, only
 * the options given on the command line replace the recipe's values ({@link #options}).
 */
final class TrainingFlags {
    private static final TrainingOptions D = TrainingOptions.DEFAULT;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--epochs", description = "Epochs (default ${DEFAULT-VALUE}, or the recipe's).")
    int epochs = D.epochs();

    @Option(names = "--batch-size", description = "Clips per batch (default ${DEFAULT-VALUE}, or the recipe's).")
    int batchSize = D.batchSize();

    @Option(names = "--optimizer", description = "adamw or sgd (with --momentum), inside SAM when --rho > 0 (default ${DEFAULT-VALUE}, or the recipe's).")
    String optimizer = D.optimizer().id();

    @Option(names = "--lr", description = "Peak learning rate of the cosine schedule (default ${DEFAULT-VALUE}, or the recipe's).")
    double learningRate = D.learningRate();

    @Option(names = "--warmup-epochs", description = "Linear warm-up epochs (default ${DEFAULT-VALUE}, or the recipe's).")
    int warmupEpochs = D.warmupEpochs();

    @Option(names = "--momentum", description = "SGD momentum; AdamW uses beta1 0.9, beta2 0.999 (default ${DEFAULT-VALUE}, or the recipe's).")
    double momentum = D.momentum();

    @Option(names = "--weight-decay", description = "Weight decay: L2 on every parameter with sgd, decoupled on weights and embeddings with adamw (default ${DEFAULT-VALUE}, or the recipe's).")
    double weightDecay = D.weightDecay();

    @Option(names = "--rho", description = "SAM radius; 0 = no SAM, one pass per step (default ${DEFAULT-VALUE}, or the recipe's).")
    double rho = D.rho();

    @Option(names = "--lambda", description = "Weight of the compact loss term: CE + lambda * compact (default ${DEFAULT-VALUE}, or the recipe's).")
    double lambda = D.lambda();

    @Option(names = "--seed", description = "Seed of weights, sampling, augmentation and dropout (default ${DEFAULT-VALUE}, or the recipe's).")
    long seed = D.seed();

    @Option(names = "--workers", description = "Frame-decoding threads (default ${DEFAULT-VALUE}).")
    int workers = 1;

    @Mixin
    ComputeThreads threads = new ComputeThreads();

    @Option(names = "--precision", description = "Forward passes in bf16 (bfloat16 autocast; weights, gradients, SAM"
            + " and the optimiser's state stay float32) or fp32 (default: bf16 where the CPU has bfloat16 dot products, else fp32;"
            + " a resumed run keeps its own).")
    String precision;

    /** The options as given over {@code base}, an unset --precision as the machine's default: checks them. */
    TrainingOptions options(TrainingOptions base) {
        return options(base, null, false);
    }

    /**
     * The options for a run in {@code runDir}: each one given on the command line, the rest from {@code base}
     * (the defaults or a recipe's); an unset --precision resumes a run's own, else the machine's default.
     */
    TrainingOptions options(TrainingOptions base, Path runDir, boolean resume) {
        threads.check();
        return new TrainingOptions(given("--epochs") ? epochs : base.epochs(),
                given("--batch-size") ? batchSize : base.batchSize(),
                given("--optimizer") ? TrainingOptions.Optimizer.of(optimizer) : base.optimizer(),
                given("--lr") ? learningRate : base.learningRate(),
                given("--warmup-epochs") ? warmupEpochs : base.warmupEpochs(),
                given("--momentum") ? momentum : base.momentum(),
                given("--weight-decay") ? weightDecay : base.weightDecay(),
                given("--rho") ? rho : base.rho(),
                given("--lambda") ? lambda : base.lambda(),
                given("--seed") ? seed : base.seed(), precision(runDir, resume));
    }

    private Precision precision(Path runDir, boolean resume) {
        if (precision != null) {
            return PrecisionOption.parse(precision);
        }
        return resume && Checkpoint.exists(runDir) ? Checkpoint.load(runDir).options().precision()
                : Precision.machineDefault();
    }

    private boolean given(String option) {
        return command.commandLine().getParseResult().hasMatchedOption(option);
    }
}
