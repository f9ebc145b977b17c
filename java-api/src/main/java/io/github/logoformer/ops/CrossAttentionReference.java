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
        Tensor qh = q.permute(0, 2, 1, 3), kh = k.permute(0, 2, 1, 3), vh = v.permute(0, 2, 1, 3);
        Tensor probabilities = torch.softmax(torch.matmul(qh, kh.transpose(-2, -1)).mul(new Scalar(scale)), -1);
        return torch.matmul(probabilities, vh).permute(0, 2, 1, 3);
    }
}
