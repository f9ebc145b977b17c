package io.github.logoformer.autograd;

import org.bytedeco.pytorch.FunctionPostHook;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

/**
 * Post-hook on the joined output's node: receives the output's gradient and runs the op's backward.
 * It runs after the node itself, so a consumed graph raises LibTorch's own error before reaching it.
 *
 * <p>It then replaces the gradients the node computed for its inputs (only the taps' is defined, and it
 * is exactly zero) by undefined tensors, autograd's "no gradient": the tap nodes downstream then pass
 * undefined gradients along instead of allocating input-sized zeros, and the inputs' pre-hooks still
 * run and hand over the true gradients.
 */
final class OutputGradientHook extends FunctionPostHook {
    private static final Tensor UNDEFINED = new Tensor().retainReference();

    private final BridgeContext context;

    OutputGradientHook(BridgeContext context) {
        this.context = context;
    }

    @Override
    public TensorVector apply(TensorVector nodeGradInputs, TensorVector nodeGradOutputs) {
        context.runBackward(nodeGradOutputs.get(0));
        for (long i = 0; i < nodeGradInputs.size(); i++) {
            nodeGradInputs.put(i, UNDEFINED);
        }
        return nodeGradInputs;
    }
}
