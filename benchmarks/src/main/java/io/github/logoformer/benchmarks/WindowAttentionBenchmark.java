package io.github.logoformer.benchmarks;

import io.github.logoformer.abi.Grid3;
import io.github.logoformer.abi.WindowAttentionConfig;
import io.github.logoformer.ops.WindowAttention;
import io.github.logoformer.ops.WindowAttentionReference;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
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
 * Fused window attention beside two LibTorch baselines on one 16x7x7 clip, 8 heads x 64, batch 8, in
 * float32 and bfloat16 (every tensor of the dtype; no autocast): the composition (partition copies,
 * matmul, softmax, matmul, un-partition) and scaled_dot_product_attention on windows partitioned in
 * setup (no copies timed).
 * Each forwardBackward* computes the gradients of q, k, v for a fixed output gradient.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class WindowAttentionBenchmark {
    static final long BATCH = 8;
    static final long HEADS = 8;
    static final long HEAD_DIM = 64;
    static final Grid3 CLIP = Grid3.of(16, 7, 7);

    /** Window frames; windows are windowFrames x 7 x 7. */
    @Param({"2", "4"})
    public int windowFrames;

    @Param({"float32", "bfloat16"})
    public String dtype;

    private WindowAttentionConfig config;
    private Tensor q, k, v, gradOut;                    // [B, T, heads, D]
    private Tensor qLeaf, kLeaf, vLeaf;                 // the same values, requiring grad
    private Tensor qWindows, kWindows, vWindows, gradOutWindows;  // [B, heads * windows, L, D]
    private Tensor qWindowsLeaf, kWindowsLeaf, vWindowsLeaf;

    static WindowAttentionConfig config(int windowFrames) {
        return WindowAttentionConfig.of(CLIP, Grid3.of(windowFrames, CLIP.height(), CLIP.width()), 0, HEAD_DIM);
    }

    @Setup
    public void setUp() {
        BenchmarkRuntime.useAllCpus();
        torch.manual_seed(1);
        config = config(windowFrames);
        long[] sizes = {BATCH, config.tokens(), HEADS, HEAD_DIM};
        torch.ScalarType type = BenchmarkRuntime.scalarType(dtype);
        q = torch.randn(sizes).to(type);
        k = torch.randn(sizes).to(type);
        v = torch.randn(sizes).to(type);
        gradOut = torch.randn(sizes).to(type);
        qLeaf = leaf(q);
        kLeaf = leaf(k);
        vLeaf = leaf(v);
        qWindows = windows(q);
        kWindows = windows(k);
        vWindows = windows(v);
        gradOutWindows = windows(gradOut);
        qWindowsLeaf = leaf(qWindows);
        kWindowsLeaf = leaf(kWindows);
        vWindowsLeaf = leaf(vWindows);
    }

    private static Tensor leaf(Tensor x) {
        return x.detach().requires_grad_(true);
    }

    /**
     * Contiguous windows, 4-D: LibTorch's CPU flash-attention kernel takes only 4-D inputs, and with
     * the windows as a 5th dim SDPA would fall back to its unfused math path.
     */
    private Tensor windows(Tensor x) {
        return WindowAttentionReference.partition(x, config)
                .reshape(BATCH, -1, config.windowTokens(), HEAD_DIM).contiguous();
    }

    @Benchmark
    public Tensor forwardFused() {
        try (PointerScope scope = new PointerScope()) {
            return WindowAttention.apply(q, k, v, config);
        }
    }

    @Benchmark
    public Tensor forwardComposition() {
        try (PointerScope scope = new PointerScope()) {
            return WindowAttentionReference.apply(q, k, v, config);
        }
    }

    @Benchmark
    public Tensor forwardSdpa() {
        try (PointerScope scope = new PointerScope()) {
            return torch.scaled_dot_product_attention(qWindows, kWindows, vWindows);
        }
    }

    @Benchmark
    public TensorVector forwardBackwardFused() {
        try (PointerScope scope = new PointerScope()) {
            return gradients(WindowAttention.apply(qLeaf, kLeaf, vLeaf, config), gradOut, qLeaf, kLeaf, vLeaf);
        }
    }

    @Benchmark
    public TensorVector forwardBackwardComposition() {
        try (PointerScope scope = new PointerScope()) {
            return gradients(WindowAttentionReference.apply(qLeaf, kLeaf, vLeaf, config), gradOut, qLeaf, kLeaf, vLeaf);
        }
    }

    @Benchmark
    public TensorVector forwardBackwardSdpa() {
        try (PointerScope scope = new PointerScope()) {
            Tensor out = torch.scaled_dot_product_attention(qWindowsLeaf, kWindowsLeaf, vWindowsLeaf);
            return gradients(out, gradOutWindows, qWindowsLeaf, kWindowsLeaf, vWindowsLeaf);
        }
    }

    /**
     * autograd::grad returns the input gradients instead of accumulating them into .grad(), so no
     * state carries over between invocations and nothing needs zeroing.
     */
    private static TensorVector gradients(Tensor out, Tensor gradOut, Tensor... inputs) {
        return torch.grad(new TensorVector(out), new TensorVector(inputs), new TensorVector(gradOut),
                new BoolOptional(), false, false);
    }
}
