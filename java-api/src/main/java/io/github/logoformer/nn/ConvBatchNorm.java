package io.github.logoformer.nn;

import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.BatchNormOptions;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * ResNet's unit, a bias-free k x k convolution followed by batch norm, registered into its owner as two
 * sibling modules the way torchvision lays them out ({@code conv1} + {@code bn1}, {@code downsample.0}
 * + {@code downsample.1}), so that parameter names are torchvision's. Batch norm uses batch statistics
 * and updates its running ones in training mode, and uses the running ones in eval mode.
 */
final class ConvBatchNorm {
    private final Module conv;  // holds "weight"; kept reachable like every registered module
    private final Tensor weight;
    private final BatchNorm2dImpl norm;
    private final long stride;
    private final long padding;

    ConvBatchNorm(Module owner, String convName, String normName, long in, long out, long kernel, long stride,
            long padding) {
        conv = owner.register_module(convName, new Module());
        // torchvision's ResNet init: Kaiming normal, fan-out, for a ReLU that follows.
        double std = Math.sqrt(2.0 / (out * kernel * kernel));
        weight = ModuleParameters.register(conv, "weight", torch.randn(out, in, kernel, kernel).mul_(new Scalar(std)));
        norm = owner.register_module(normName, new BatchNorm2dImpl(new BatchNormOptions(out)));
        this.stride = stride;
        this.padding = padding;
    }

    Tensor forward(Tensor x) {
        Tensor convolved = torch.conv2d(x, weight, new TensorOptional(), new long[] {stride, stride},
                new long[] {padding, padding}, new long[] {1, 1}, 1);
        return norm.forward(convolved);
    }
}
