package io.github.logoformer.benchmarks;

import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * LibTorch's matmul of two n x n matrices, float32 (OpenBLAS) and bfloat16 (oneDNN): the machine's
 * matmul GFLOP/s in each dtype, the ceilings the fused ops' rates are read against.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MatmulBenchmark {
    @Param({"1024", "2048"})
    public int n;

    @Param({"float32", "bfloat16"})
    public String dtype;

    private Tensor a, b;

    @Setup
    public void setUp() {
        BenchmarkRuntime.useAllCpus();
        torch.manual_seed(1);
        a = torch.randn(n, n).to(BenchmarkRuntime.scalarType(dtype));
        b = torch.randn(n, n).to(BenchmarkRuntime.scalarType(dtype));
    }

    @Benchmark
    public Tensor matmulBaseline() {
        try (PointerScope scope = new PointerScope()) {
            return torch.matmul(a, b);
        }
    }
}
