package io.github.logoformer.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.OptionalInt;
import org.bytedeco.openblas.global.openblas_full;
import org.junit.jupiter.api.Test;

/** The OpenBLAS thread count the library sets at load time, and how a user overrides it. */
class OpenBlasThreadsTest {
    @Test
    void loadingTheLibraryLeavesLibTorchsOpenBlasOneThreadUnlessTheEnvironmentSetsIt() {
        LogoformerNative.load();
        String environment = System.getenv(OpenBlasThreads.ENVIRONMENT);
        int expected = System.getProperty(OpenBlasThreads.PROPERTY) != null
                ? Integer.parseInt(System.getProperty(OpenBlasThreads.PROPERTY))
                : environment != null && !environment.isBlank() ? Integer.parseInt(environment.strip()) : 1;
        // openblas_full binds the same libopenblas.so.0 that LibTorch calls.
        assertEquals(expected, openblas_full.openblas_get_num_threads());
    }

    @Test
    void oneThreadByDefault() {
        assertEquals(OptionalInt.of(1), OpenBlasThreads.chosen(null, Map.of()));
        assertEquals(OptionalInt.of(1), OpenBlasThreads.chosen(null, Map.of("OPENBLAS_NUM_THREADS", " ")));
    }

    @Test
    void theEnvironmentVariableIsLeftToOpenBlas() {
        assertEquals(OptionalInt.empty(), OpenBlasThreads.chosen(null, Map.of("OPENBLAS_NUM_THREADS", "4")));
    }

    @Test
    void thePropertyWinsOverTheEnvironment() {
        assertEquals(OptionalInt.of(3), OpenBlasThreads.chosen("3", Map.of("OPENBLAS_NUM_THREADS", "4")));
        assertEquals(OptionalInt.empty(), OpenBlasThreads.chosen("keep", Map.of()));
    }

    @Test
    void aBadPropertyIsNamedWithItsRule() {
        for (String bad : new String[] {"0", "-2", "two", ""}) {
            assertEquals("logoformer.openblas.threads: expected a thread count >= 1 or 'keep', got '" + bad + "'",
                    assertThrows(IllegalArgumentException.class, () -> OpenBlasThreads.chosen(bad, Map.of())).getMessage());
        }
    }
}
