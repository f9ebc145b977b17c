package io.github.logoformer.nn;

import org.bytedeco.pytorch.BatchNorm2dImpl;
import org.bytedeco.pytorch.BatchNormOptions;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * A bias-free k x k convolution followed by batch norm: ResNet's unit. Batch norm uses batch statistics
 * and updates its running ones in training mode, and uses the running ones in eval mode
 * ({@code train()}/{@code eval()} on any enclosing module reach it).
 */
final class ConvBatchNorm extends Module {
    private final Tensor weight;
    private final BatchNorm2dImpl norm;
    private final long stride;
    private final long padding;

    ConvBatchNorm(long in, long out, long kernel, long stride, long padding) {
        // torchvision's ResNet init: Kaiming normal, fan-out, for a ReLU that follows.
        double std = Math.sqrt(2.0 / (out * kernel * kernel));
        this.weight = ModuleParameters.register(this, "weight", torch.randn(out, in, kernel, kernel).mul_(new Scalar(std)));
        this.norm = register_module("bn", new BatchNorm2dImpl(new BatchNormOptions(out)));
        this.stride = stride;
        this.padding = padding;
    }

    Tensor forward(Tensor x) {
        Tensor conv = torch.conv2d(x, weight, new TensorOptional(), new long[] {stride, stride},
                new long[] {padding, padding}, new long[] {1, 1}, 1);
        return norm.forward(conv);
    }
}
