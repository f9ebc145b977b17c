package io.github.logoformer.kernels;

import java.util.Map;
import java.util.OptionalInt;
import org.bytedeco.openblas.global.openblas;

/**
 * The OpenBLAS thread count this library sets when it loads. LibTorch runs its float32 matmuls on
 * OpenBLAS, whose own thread pool sits beside the OpenMP pool of ATen and the fused kernels; with both
 * at one thread per core they oversubscribe the CPUs and fight (the design-size LOGO-Former's float32
 * forward ran 1.5x slower on 2 cores). So OpenBLAS gets one thread and OpenMP does the parallel work,
 * unless the user chose otherwise:
 * <ol>
 *   <li>the system property {@value #PROPERTY}: a thread count (a positive integer) to set, or
 *       {@value #KEEP} to leave OpenBLAS as it started (its environment variables, else one thread per core);
 *   <li>else, when the environment variable {@value #ENVIRONMENT} is set, OpenBLAS has read it at start and
 *       is left alone;
 *   <li>else one thread.
 * </ol>
 * Set through the OpenBLAS preset's {@code blas_set_num_threads}, the same OpenBLAS library LibTorch calls.
 */
final class OpenBlasThreads {
    static final String PROPERTY = "logoformer.openblas.threads";
    static final String ENVIRONMENT = "OPENBLAS_NUM_THREADS";
    static final String KEEP = "keep";

    private OpenBlasThreads() {}

    /** Applies the rule above with this process's property and environment; LibTorch must be loaded. */
    static void applyDefault() {
        chosen(System.getProperty(PROPERTY), System.getenv()).ifPresent(openblas::blas_set_num_threads);
    }

    /**
     * The thread count to set, or empty to leave OpenBLAS alone.
     *
     * @throws IllegalArgumentException for a property that is neither a positive integer nor {@value #KEEP}
     */
    static OptionalInt chosen(String property, Map<String, String> environment) {
        if (property != null) {
            String value = property.strip();
            if (value.equals(KEEP)) {
                return OptionalInt.empty();
            }
            try {
                int threads = Integer.parseInt(value);
                if (threads >= 1) {
                    return OptionalInt.of(threads);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(PROPERTY + ": expected a thread count >= 1 or '" + KEEP + "', got '"
                    + property + "'");
        }
        String set = environment.get(ENVIRONMENT);
        return set != null && !set.isBlank() ? OptionalInt.empty() : OptionalInt.of(1);
    }
}
