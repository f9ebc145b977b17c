package io.github.logoformer.benchmarks;

import io.github.logoformer.abi.WindowAttentionConfig;
import java.util.Map;

/** Nominal FLOPs per op of each benchmark: the one place the report takes its GFLOP/s from. */
final class Flops {
    /**
     * FlashAttention's convention: the backward's 5 matmuls (recomputed Q K^T, dV, dP, dQ, dK) are 2.5x
     * the forward's 2, so forward+backward is 3.5x the forward.
     */
    private static final double FORWARD_BACKWARD_OVER_FORWARD = 3.5;

    private Flops() {}

    /**
     * Q K^T and P V: two matmuls of 2 FLOPs per (query, key, channel) over N = F*H*W queries, each
     * against L = window tokens keys: 4 * B * heads * N * L * D (softmax not counted).
     */
    static double windowAttentionForward(long batch, long heads, long queries, long windowTokens, long headDim) {
        return 4.0 * batch * heads * queries * windowTokens * headDim;
    }

    static double matmul(long n) {
        return 2.0 * n * n * n;
    }

    /** FLOPs of one op of benchmark class.method with the given params; NaN when no model applies. */
    static double perOp(String benchmarkClass, String method, Map<String, String> params) {
        if (benchmarkClass.equals(WindowAttentionBenchmark.class.getSimpleName())) {
            WindowAttentionConfig c = WindowAttentionBenchmark.config(Integer.parseInt(params.get("windowFrames")));
            double forward = windowAttentionForward(WindowAttentionBenchmark.BATCH, WindowAttentionBenchmark.HEADS,
                    c.grid().volume(), c.windowTokens(), WindowAttentionBenchmark.HEAD_DIM);
            return method.startsWith("forwardBackward") ? FORWARD_BACKWARD_OVER_FORWARD * forward : forward;
        }
        if (benchmarkClass.equals(MatmulBenchmark.class.getSimpleName())) {
            return matmul(Long.parseLong(params.get("n")));
        }
        return Double.NaN;
    }
}
