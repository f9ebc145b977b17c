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

/** LibTorch's float32 matmul of two n x n matrices: the machine's sgemm GFLOP/s, a roofline of sorts. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SgemmBenchmark {
    @Param("1024")
    public int n;

    private Tensor a, b;

    @Setup
    public void setUp() {
        BenchmarkRuntime.useAllCpus();
        torch.manual_seed(1);
        a = torch.randn(n, n);
        b = torch.randn(n, n);
    }

    @Benchmark
    public Tensor sgemmBaseline() {
        try (PointerScope scope = new PointerScope()) {
            return torch.matmul(a, b);
        }
    }
}
