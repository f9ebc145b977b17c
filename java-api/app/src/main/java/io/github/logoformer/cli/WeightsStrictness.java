package io.github.logoformer.cli;

import io.github.logoformer.nn.Strictness;
import picocli.CommandLine.Option;

/** How exactly PyTorch state dicts given on the command line must match the model. */
final class WeightsStrictness {
    @Option(names = "--strict-weights", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Weight files must match exactly (default): every tensor there, nothing unexpected. "
                    + "--no-strict-weights keeps missing tensors as initialised and ignores unexpected ones (both listed).")
    boolean strict = true;

    Strictness strictness() {
        return strict ? Strictness.STRICT : Strictness.LENIENT;
    }
}
