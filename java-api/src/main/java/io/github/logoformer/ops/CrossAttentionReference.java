package io.github.logoformer.ops;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * {@link CrossAttention} composed from plain LibTorch ops (matmul, softmax, matmul), differentiable by
 * LibTorch itself, any floating dtype: the test oracle and the benchmark baseline.
 */
public final class CrossAttentionReference {
    private CrossAttentionReference() {}

    public static Tensor apply(Tensor q, Tensor k, Tensor v, double scale) {
        return torch.matmul(probabilities(q, k, scale), v.permute(0, 2, 1, 3)).permute(0, 2, 1, 3);
    }

    /**
     * The attention probabilities softmax(q k^T * scale) of q [B, Nq, heads, D] over k [B, Nk, heads, D]:
     * [B, heads, Nq, Nk]. The fused kernels never form them (they keep one log-sum-exp per row); this is how
     * a caller who wants to look at them gets them.
     */
    public static Tensor probabilities(Tensor q, Tensor k, double scale) {
        Tensor qh = q.permute(0, 2, 1, 3), kh = k.permute(0, 2, 1, 3);
        return torch.softmax(torch.matmul(qh, kh.transpose(-2, -1)).mul(new Scalar(scale)), -1);
    }
}
