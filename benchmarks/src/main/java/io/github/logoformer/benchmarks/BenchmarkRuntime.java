package io.github.logoformer.benchmarks;

import io.github.logoformer.kernels.LogoformerNative;
import org.bytedeco.pytorch.global.torch;

/** Setup shared by the benchmarks: the thread count that fused kernels and LibTorch both use. */
final class BenchmarkRuntime {
    private BenchmarkRuntime() {}

    /**
     * Gives LibTorch (and so the shared OpenMP runtime the fused kernels run on) one thread per
     * available CPU: its default counts physical cores, which on a small VM may be fewer.
     */
    static void useAllCpus() {
        LogoformerNative.load();
        torch.set_num_threads(Runtime.getRuntime().availableProcessors());
        System.out.println("lf_build_info: " + LogoformerNative.buildInfo());
        System.out.println("lf_cpu_simd_level: " + LogoformerNative.cpuSimdLevel());
        System.out.println("LibTorch threads: " + torch.get_num_threads());
    }

    /** The dtype a benchmark's {@code dtype} param names: float32 or bfloat16. */
    static torch.ScalarType scalarType(String dtype) {
        return switch (dtype) {
            case "float32" -> torch.ScalarType.Float;
            case "bfloat16" -> torch.ScalarType.BFloat16;
            default -> throw new IllegalArgumentException("dtype: expected float32 or bfloat16, got '" + dtype + "'");
        };
    }
}
