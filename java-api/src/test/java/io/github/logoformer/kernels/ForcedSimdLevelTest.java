package io.github.logoformer.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Where LF_CPU_SIMD is set (the build's bf16-fallback test run), the kernels run at that level: the
 * tests of that run check the level they claim to check.
 */
@EnabledIfEnvironmentVariable(named = "LF_CPU_SIMD", matches = ".+")
class ForcedSimdLevelTest {
    @Test
    void theKernelsRunAtTheForcedLevel() {
        LogoformerNative.load();
        assertEquals(System.getenv("LF_CPU_SIMD"), LogoformerNative.cpuSimdLevel(), LogoformerNative.buildInfo());
    }
}
