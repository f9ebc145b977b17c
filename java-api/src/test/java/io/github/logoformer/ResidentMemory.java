package io.github.logoformer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.JMException;
import javax.management.ObjectName;

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

    /**
     * {@link #kilobytesAfterGc()} once glibc handed back the free memory it keeps ({@code jcmd
     * System.trim_native_heap}), so that memory freed but cached, such as a late JIT compilation's
     * scratch arenas, is not counted: what remains is live native memory and fragmentation.
     */
    public static long kilobytesAfterGcAndTrim() {
        System.gc();
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "systemTrimNativeHeap", new Object[] {new String[0]}, new String[] {String[].class.getName()});
        } catch (JMException e) {
            throw new IllegalStateException("System.trim_native_heap: " + e.getMessage(), e);
        }
        return kilobytes();
    }
}
