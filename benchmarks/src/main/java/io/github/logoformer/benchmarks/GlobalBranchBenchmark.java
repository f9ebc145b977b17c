package io.github.logoformer.benchmarks;

import io.github.logoformer.abi.GlobalTokensConfig;
import io.github.logoformer.abi.Grid3;
import io.github.logoformer.ops.CrossAttention;
import io.github.logoformer.ops.CrossAttentionReference;
import io.github.logoformer.ops.GlobalTokens;
import io.github.logoformer.ops.GlobalTokensReference;
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
 * LOGO-Former's global branch, fused ({@link GlobalTokens} + {@link CrossAttention}) beside its LibTorch
 * composition (grouped conv3d + layer_norm, then matmul/softmax/matmul): a 16x7x7 clip plus CLS,
 * C = 512 channels as 8 heads x 64, batch 8, pool {@code poolFrames} x 7 x 7, in float32 and bfloat16
 * (every tensor of the dtype; no autocast). Every token queries the
 * pooled tokens plus CLS. The q/k/v projections are left out: they are the same LibTorch linear layers
 * in both variants, so keys and values are the [CLS, pooled] tokens viewed as heads.
 * Each forwardBackward* computes the gradients of q, the tokens and the four pooling parameters.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class GlobalBranchBenchmark {
    static final long BATCH = 8;
    static final long HEADS = 8;
    static final long HEAD_DIM = 64;
    static final long CHANNELS = HEADS * HEAD_DIM;
    static final Grid3 CLIP = Grid3.of(16, 7, 7);

    /** Pool frames; pools are poolFrames x 7 x 7. */
    @Param({"2", "4"})
    public int poolFrames;

    @Param({"float32", "bfloat16"})
    public String dtype;

    private GlobalTokensConfig config;
    private Tensor[] inputs;  // q [B, T, heads, D], tokens [B, T, C], weight, bias, gamma, beta
    private Tensor[] leaves;  // the same values, requiring grad
    private Tensor gradOut;

    @Setup
    public void setUp() {
        BenchmarkRuntime.useAllCpus();
        torch.manual_seed(1);
        config = GlobalTokensConfig.of(CLIP, Grid3.of(poolFrames, CLIP.height(), CLIP.width()));
        long tokens = 1 + CLIP.volume();
        inputs = new Tensor[] {
            torch.randn(BATCH, tokens, HEADS, HEAD_DIM),
            torch.randn(BATCH, tokens, CHANNELS),
            torch.randn(CHANNELS, 1, poolFrames, CLIP.height(), CLIP.width()).mul_(new org.bytedeco.pytorch.Scalar(0.05)),
            torch.randn(CHANNELS),
            torch.ones(CHANNELS),
            torch.zeros(CHANNELS)
        };
        torch.ScalarType type = BenchmarkRuntime.scalarType(dtype);
        leaves = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            inputs[i] = inputs[i].to(type);
            leaves[i] = inputs[i].detach().requires_grad_(true);
        }
        gradOut = torch.randn(BATCH, tokens, HEADS, HEAD_DIM).to(type);
    }

    private Tensor branch(Tensor[] in, boolean fused) {
        Tensor grid = in[1].narrow(1, 1, CLIP.volume());
        Tensor pooled = fused ? GlobalTokens.apply(grid, in[2], in[3], in[4], in[5], config)
                : GlobalTokensReference.apply(grid, in[2], in[3], in[4], in[5], config);
        Tensor keys = torch.cat(new TensorVector(in[1].narrow(1, 0, 1), pooled), 1)
                .view(BATCH, 1 + config.pooledTokens(), HEADS, HEAD_DIM);
        double scale = 1 / Math.sqrt(HEAD_DIM);
        return fused ? CrossAttention.apply(in[0], keys, keys, scale)
                : CrossAttentionReference.apply(in[0], keys, keys, scale);
    }

    @Benchmark
    public Tensor forwardFused() {
        try (PointerScope scope = new PointerScope()) {
            return branch(inputs, true);
        }
    }

    @Benchmark
    public Tensor forwardComposition() {
        try (PointerScope scope = new PointerScope()) {
            return branch(inputs, false);
        }
    }

    @Benchmark
    public TensorVector forwardBackwardFused() {
        try (PointerScope scope = new PointerScope()) {
            return gradients(branch(leaves, true));
        }
    }

    @Benchmark
    public TensorVector forwardBackwardComposition() {
        try (PointerScope scope = new PointerScope()) {
            return gradients(branch(leaves, false));
        }
    }

    /** autograd::grad: returns the gradients instead of accumulating them, so nothing carries over. */
    private TensorVector gradients(Tensor out) {
        return torch.grad(new TensorVector(out), new TensorVector(leaves), new TensorVector(gradOut),
                new BoolOptional(), false, false);
    }
}
