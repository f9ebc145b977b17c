package io.github.logoformer.autograd;

import org.bytedeco.pytorch.FunctionPostHook;
import org.bytedeco.pytorch.TensorVector;

/**
 * Post-hook on the joined output's node: receives the output's gradient and runs the op's backward.
 * It runs after the node itself, so a consumed graph raises LibTorch's own error before reaching it.
 */
final class OutputGradientHook extends FunctionPostHook {
    private final BridgeContext context;

    OutputGradientHook(BridgeContext context) {
        this.context = context;
    }

    @Override
    public TensorVector apply(TensorVector nodeGradInputs, TensorVector nodeGradOutputs) {
        context.runBackward(nodeGradOutputs.get(0));
        return nodeGradInputs;
    }
}
