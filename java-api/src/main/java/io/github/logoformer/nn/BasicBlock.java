package io.github.logoformer.nn;

import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * ResNet-18's residual block with torchvision's names: {@code conv1}/{@code bn1} (3 x 3, the block's
 * stride), {@code conv2}/{@code bn2} (3 x 3), and when the stride or the width changes a 1 x 1 conv +
 * batch norm shortcut {@code downsample.0}/{@code downsample.1}.
 */
final class BasicBlock extends Module {
    private final ConvBatchNorm first;
    private final ConvBatchNorm second;
    private final Module downsampleModule;  // kept reachable; null with an identity shortcut
    private final ConvBatchNorm downsample;

    BasicBlock(long in, long out, long stride) {
        first = new ConvBatchNorm(this, "conv1", "bn1", in, out, 3, stride, 1);
        second = new ConvBatchNorm(this, "conv2", "bn2", out, out, 3, 1, 1);
        boolean identity = stride == 1 && in == out;
        downsampleModule = identity ? null : register_module("downsample", new Module());
        downsample = identity ? null : new ConvBatchNorm(downsampleModule, "0", "1", in, out, 1, stride, 0);
    }

    Tensor forward(Tensor x) {
        Tensor shortcut = downsample == null ? x : downsample.forward(x);
        return torch.relu(second.forward(torch.relu(first.forward(x))).add(shortcut));
    }
}
