package io.github.logoformer.ops;

import io.github.logoformer.kernels.LogoformerNative;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The native side of the fused ops, for callers that want it ready before the first op (every op loads
 * it on first use; the models load it when built). Loading brings in LibTorch, then
 * {@code liblogoformer.so}, and sets the runtime defaults the library is fast with: LibTorch's OpenBLAS
 * runs one thread, leaving the cores to the OpenMP pool that ATen and the fused kernels share (their
 * two pools fight otherwise). The system property {@code logoformer.openblas.threads} (a thread count,
 * or {@code keep} to leave OpenBLAS as it started) or the environment variable
 * {@code OPENBLAS_NUM_THREADS} override that; set the property before the first op or model.
 */
public final class NativeLibrary {
    private NativeLibrary() {}

    /** Loads the native libraries and applies the defaults, once per process. */
    public static void load() {
        LogoformerNative.load();
    }

    /** What the native library was built with, e.g. {@code logoformer 0.2.0; cpu: avx512 (...); openmp: yes; cuda: no}. */
    public static String buildInfo() {
        return LogoformerNative.buildInfo();
    }

    /** The SIMD level the CPU kernels run at on this machine (lowered by the environment variable LF_CPU_SIMD). */
    public static String cpuSimdLevel() {
        return LogoformerNative.cpuSimdLevel();
    }

    /**
     * Whether this CPU has bfloat16 dot-product instructions (AVX512-BF16 or AMX-BF16), which LibTorch's
     * bfloat16 matmuls (oneDNN) and the fused kernels use: the CPU's own flags as Linux reports them in
     * {@code /proc/cpuinfo}, whatever LF_CPU_SIMD says; false where that file cannot be read.
     */
    public static boolean cpuHasBfloat16DotProducts() {
        return Bfloat16Flags.PRESENT;
    }

    /** Read once, on first use. */
    private static final class Bfloat16Flags {
        static final boolean PRESENT = read(Path.of("/proc/cpuinfo"));

        private static boolean read(Path cpuinfo) {
            try (Stream<String> lines = Files.lines(cpuinfo)) {
                return lines.filter(line -> line.startsWith("flags"))
                        .findFirst()
                        .map(line -> List.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+")))
                        .map(flags -> flags.contains("avx512_bf16") || flags.contains("amx_bf16"))
                        .orElse(false);
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
    }
}
