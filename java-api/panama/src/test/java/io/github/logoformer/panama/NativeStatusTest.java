package io.github.logoformer.panama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.abi.NativeKernelException;
import io.github.logoformer.kernels.LogoformerNative;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Status codes from raw FFM calls become the JavaCPP layer's exceptions, with the library's messages. */
class NativeStatusTest {
    @BeforeAll
    static void loadThroughJavaCpp() {
        LogoformerNative.load();
    }

    /** The raw window attention forward on fake addresses: the call fails validation before reading them. */
    private static int windowForward(int device, long winF, MemorySegment q, Arena arena) {
        MemorySegment strides = arena.allocateFrom(ValueLayout.JAVA_LONG, 1, 1, 1, 1);
        MemorySegment fake = MemorySegment.ofAddress(8);
        return logoformer_h.lf_window_attention_fwd(device, MemorySegment.NULL, logoformer_h.LF_DTYPE_FLOAT32(),
                1, 1, 1, 2, 2, 2, 0, winF, 1, 1, 1.0f, q, strides, fake, strides, fake, strides, fake, strides, fake);
    }

    @Test
    void reportsTheSameLibraryAsJavaCpp() {
        assertEquals(LogoformerNative.version(), logoformer_h.lf_version());
        assertEquals(LogoformerNative.buildInfo(), logoformer_h.lf_build_info().getString(0));
        assertEquals(logoformer_h.LF_VERSION_MAJOR() * 10000 + logoformer_h.LF_VERSION_MINOR() * 100
                + logoformer_h.LF_VERSION_PATCH(), logoformer_h.lf_version());
    }

    @Test
    void errorCodesBecomeExceptionsWithTheLibrarysMessage() {
        try (Arena arena = Arena.ofConfined()) {
            int invalid = windowForward(logoformer_h.LF_DEVICE_CPU(), 3, MemorySegment.ofAddress(8), arena);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NativeStatus.check(invalid, "lf_window_attention_fwd"));
            assertEquals("lf_window_attention_fwd: LF_ERROR_INVALID_ARGUMENT: win_f: expected a divisor of grid_f = 2, got 3",
                    e.getMessage());
            int nullPointer = windowForward(logoformer_h.LF_DEVICE_CPU(), 1, MemorySegment.NULL, arena);
            assertEquals(logoformer_h.LF_ERROR_NULL_POINTER(), nullPointer);
            assertThrows(IllegalArgumentException.class, () -> NativeStatus.check(nullPointer, "op"));
            int unsupported = windowForward(logoformer_h.LF_DEVICE_CUDA(), 1, MemorySegment.ofAddress(8), arena);
            UnsupportedOperationException u = assertThrows(UnsupportedOperationException.class,
                    () -> NativeStatus.check(unsupported, "lf_window_attention_fwd"));
            assertTrue(u.getMessage().startsWith("lf_window_attention_fwd: LF_ERROR_UNSUPPORTED: device:"), u.getMessage());
            NativeKernelException internal = assertThrows(NativeKernelException.class,
                    () -> NativeStatus.check(logoformer_h.LF_ERROR_INTERNAL(), "op"));
            assertEquals(logoformer_h.LF_ERROR_INTERNAL(), internal.status());
        }
    }
}
