package io.github.logoformer.autograd;

import org.bytedeco.pytorch.FunctionPreHook;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

/**
 * Pre-hook on the fresh view node of one input: replaces the (zero) gradient arriving through the tap
 * with the input's true gradient, computed earlier in the same pass by {@link OutputGradientHook}.
 */
final class InputGradientHook extends FunctionPreHook {
    private final BridgeContext context;
    private final int slot;

    InputGradientHook(BridgeContext context, int slot) {
        this.context = context;
        this.slot = slot;
    }

    @Override
    public TensorVector apply(TensorVector grads) {
        Tensor grad = context.takeGradient(slot);
        // An undefined tensor is autograd's "zero gradient".
        Tensor handed = grad != null ? grad : new Tensor();
        // Writing into the engine's own vector and returning it avoids a Java-owned TensorVector per call.
        grads.put(0, handed);
        handed.releaseReference();
        return grads;
    }
}
