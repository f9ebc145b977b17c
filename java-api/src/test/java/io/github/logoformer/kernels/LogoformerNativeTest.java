package io.github.logoformer.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.abi.Device;
import io.github.logoformer.abi.Dtype;
import io.github.logoformer.abi.Grid3;
import io.github.logoformer.abi.Status;
import io.github.logoformer.abi.NativeKernelException;
import io.github.logoformer.abi.WindowAttentionConfig;
import io.github.logoformer.ops.WindowAttention;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/** Loading the native library from the build output, what it reports, and native errors from Java. */
class LogoformerNativeTest {
    @Test
    void reportsVersionAndBuild() {
        LogoformerNative.load();
        assertEquals(200, LogoformerNative.version());
        assertTrue(LogoformerNative.buildInfo().startsWith("logoformer 0.2.0; cpu: "), LogoformerNative.buildInfo());
        assertTrue(java.util.Set.of("amx", "avx512bf16", "avx512", "avx2", "generic").contains(LogoformerNative.cpuSimdLevel()),
                LogoformerNative.cpuSimdLevel());
        assertEquals(0, LogoformerNative.cudaAvailable());
    }

    @Test
    void nativeErrorsBecomeJavaExceptionsWithTheLibrarysMessage() {
        LogoformerNative.load();
        long[] strides = {1, 1, 1, 1};
        int status = LogoformerNative.windowAttentionForward(Device.CPU.code(), 0, Dtype.FLOAT32.code(), 1, 1, 1, 2, 2, 2, 0, 3, 1, 1, 1.0f, 8, strides, 8, strides, 8,
                strides, 8, strides, 8);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> NativeStatus.check(status, "lf_window_attention_fwd"));
        assertEquals("lf_window_attention_fwd: LF_ERROR_INVALID_ARGUMENT: win_f: expected a divisor of grid_f = 2, got 3",
                error.getMessage());
        NativeKernelException internal = assertThrows(NativeKernelException.class,
                () -> NativeStatus.check(Status.ERROR_INTERNAL.code(), "op"));
        assertEquals(Status.ERROR_INTERNAL.code(), internal.status());
    }

    @Test
    void onlyOneOpenMpRuntimeIsLoadedBesideLibTorch() throws IOException {
        var x = torch.randn(1, 4, 1, 4);
        WindowAttention.apply(x, x, x, WindowAttentionConfig.of(Grid3.of(1, 2, 2), Grid3.of(1, 2, 2), 0, 4));
        torch.matmul(torch.randn(64, 64), torch.randn(64, 64));
        var runtimes = Files.readAllLines(Path.of("/proc/self/maps")).stream()
                .filter(line -> line.matches(".*/lib(g|i)omp[^/]*\\.so.*"))
                .map(line -> line.substring(line.indexOf('/')))
                .collect(Collectors.toSet());
        assertEquals(1, runtimes.size(), "OpenMP runtimes mapped: " + runtimes);
    }
}
