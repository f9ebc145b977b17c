package io.github.logoformer.cli;

import io.github.logoformer.data.Split;
import picocli.CommandLine.Option;

/** Which split of the data set a command runs a model over, and how its batches are read. */
final class SplitOptions {
    @Option(names = "--fold", description = "Fold 1 to 5 (default ${DEFAULT-VALUE}).")
    int fold = 1;

    @Option(names = "--split", description = "test (default) or train.")
    String split = "test";

    @Option(names = "--batch-size", description = "Clips per batch (default ${DEFAULT-VALUE}).")
    int batchSize = 8;

    @Option(names = "--workers", description = "Frame-decoding threads (default ${DEFAULT-VALUE}).")
    int workers = 1;

    /** The split named by {@code --split}. */
    Split which() {
        return switch (split) {
            case "test" -> Split.TEST;
            case "train" -> Split.TRAIN;
            default -> throw new IllegalArgumentException("--split: expected test or train, got '" + split + "'");
        };
    }
}
