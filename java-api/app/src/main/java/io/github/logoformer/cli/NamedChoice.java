package io.github.logoformer.cli;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The value an option names from a fixed set, or an error naming the option and the set. */
final class NamedChoice {
    private NamedChoice() {}

    static <T> T of(String option, T[] values, Function<T, String> id, String given) {
        for (T value : values) {
            if (id.apply(value).equals(given)) {
                return value;
            }
        }
        throw new IllegalArgumentException(option + ": expected one of "
                + Arrays.stream(values).map(id).collect(Collectors.joining(", ")) + ", got '" + given + "'");
    }
}
