package io.github.logoformer.cli;

import io.github.logoformer.nn.Precision;
import io.github.logoformer.train.Checkpoint;

/** The --precision value of the commands: {@code bf16} or {@code fp32}. */
final class PrecisionOption {
    private PrecisionOption() {}

    static Precision parse(String value) {
        try {
            return Precision.of(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--precision: expected bf16 or fp32, got '" + value + "'", e);
        }
    }

    /** The value given, else the precision the checkpoint's run trained in. */
    static Precision orTrained(String value, Checkpoint checkpoint) {
        return value != null ? parse(value) : checkpoint.options().precision();
    }
}
