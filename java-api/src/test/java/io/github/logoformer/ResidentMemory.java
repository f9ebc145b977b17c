package io.github.logoformer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's resident set size, for the tests that check that memory stays flat. */
public final class ResidentMemory {
    private ResidentMemory() {}

    /** VmRSS of /proc/self/status, in kB. */
    public static long kilobytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    /** {@link #kilobytes()} after a full collection, so that Java garbage waiting for the collector is not counted. */
    public static long kilobytesAfterGc() {
        System.gc();
        return kilobytes();
    }
}
