package io.github.logoformer.nn;

import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * ResNet-18's residual block: two 3 x 3 conv + batch norm layers (the first with the block's stride),
 * and a 1 x 1 conv + batch norm shortcut when the stride or the width changes.
 */
final class BasicBlock extends Module {
    private final ConvBatchNorm conv1;
    private final ConvBatchNorm conv2;
    private final ConvBatchNorm downsample;  // null: identity shortcut

    BasicBlock(long in, long out, long stride) {
        conv1 = register_module("conv1", new ConvBatchNorm(in, out, 3, stride, 1));
        conv2 = register_module("conv2", new ConvBatchNorm(out, out, 3, 1, 1));
        downsample = stride == 1 && in == out ? null
                : register_module("downsample", new ConvBatchNorm(in, out, 1, stride, 0));
    }

    Tensor forward(Tensor x) {
        Tensor shortcut = downsample == null ? x : downsample.forward(x);
        return torch.relu(conv2.forward(torch.relu(conv1.forward(x))).add(shortcut));
    }
}
