package io.github.logoformer.cli;

import io.github.logoformer.train.TrainingOptions;
import picocli.CommandLine.Option;

/** Training options on the command line; defaults from {@link TrainingOptions#DEFAULT}. */
final class TrainingFlags {
    private static final TrainingOptions D = TrainingOptions.DEFAULT;

    @Option(names = "--epochs", description = "Epochs (default ${DEFAULT-VALUE}).")
    int epochs = D.epochs();

    @Option(names = "--batch-size", description = "Clips per batch (default ${DEFAULT-VALUE}).")
    int batchSize = D.batchSize();

    @Option(names = "--optimizer", description = "adamw or sgd (with --momentum), inside SAM when --rho > 0 (default ${DEFAULT-VALUE}).")
    String optimizer = D.optimizer().id();

    @Option(names = "--lr", description = "Peak learning rate of the cosine schedule (default ${DEFAULT-VALUE}).")
    double learningRate = D.learningRate();

    @Option(names = "--warmup-epochs", description = "Linear warm-up epochs (default ${DEFAULT-VALUE}).")
    int warmupEpochs = D.warmupEpochs();

    @Option(names = "--momentum", description = "SGD momentum; AdamW uses beta1 0.9, beta2 0.999 (default ${DEFAULT-VALUE}).")
    double momentum = D.momentum();

    @Option(names = "--weight-decay", description = "Weight decay: L2 on every parameter with sgd, decoupled on weights and embeddings with adamw (default ${DEFAULT-VALUE}).")
    double weightDecay = D.weightDecay();

    @Option(names = "--rho", description = "SAM radius; 0 = no SAM, one pass per step (default ${DEFAULT-VALUE}).")
    double rho = D.rho();

    @Option(names = "--lambda", description = "Weight of the compact loss term: CE + lambda * compact (default ${DEFAULT-VALUE}).")
    double lambda = D.lambda();

    @Option(names = "--seed", description = "Seed of weights, sampling, augmentation and dropout (default ${DEFAULT-VALUE}).")
    long seed = D.seed();

    @Option(names = "--workers", description = "Frame-decoding threads (default ${DEFAULT-VALUE}).")
    int workers = 1;

    TrainingOptions options() {
        return new TrainingOptions(epochs, batchSize, TrainingOptions.Optimizer.of(optimizer), learningRate, warmupEpochs, momentum, weightDecay, rho, lambda, seed);
    }
}
