package io.github.logoformer.nn;

import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * LibTorch's Linear module (same parameters, names and initialisation) whose forward is ATen's
 * {@code linear}, which folds a contiguous [B, T, in] input into one matmul with the bias fused in.
 * The C++ frontend's {@code LinearImpl::forward} runs a matmul and then adds the bias in a second pass
 * for inputs of more than two dimensions; under CPU autocast that second pass, a bfloat16 output plus a
 * float32 bias, made each token-wise linear layer about 1.8 times slower.
 *
 * <p>Callers keep this object, not the one {@code register_module} returns, so that Java calls reach
 * this override.
 */
final class Linear extends LinearImpl {
    Linear(long in, long out) {
        super(in, out);
    }

    @Override
    public Tensor forward(Tensor input) {
        return torch.linear(input, weight(), new TensorOptional(bias()));
    }
}
