package io.github.logoformer.autograd;

import org.bytedeco.pytorch.Tensor;

/** Forward half of a native op run through {@link AutogradBridge}. */
@FunctionalInterface
public interface ForwardFunction {
    /**
     * Computes the op with grad mode off. {@code inputs} are detached aliases owned by the bridge; they
     * stay valid until the returned {@link BackwardFunction} is closed, so the op may save them.
     */
    ForwardResult forward(Tensor[] inputs);
}
