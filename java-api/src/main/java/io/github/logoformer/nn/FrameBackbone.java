package io.github.logoformer.nn;

import io.github.logoformer.abi.Grid3;
import java.util.Arrays;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * The per-frame CNN of both models: {@link ResNet18Trunk} on every frame, then a 1 x 1 convolution
 * from 4w channels to d. Turns a clip [B, F, 3, S, S] into grid tokens [B, F*h*w, d] in (t, y, x) order.
 */
public final class FrameBackbone extends Module {
    private final ModelConfig config;
    private final ResNet18Trunk trunk;
    private final Tensor projectionWeight;
    private final Tensor projectionBias;

    public FrameBackbone(ModelConfig config) {
        this.config = config;
        trunk = register_module("trunk", new ResNet18Trunk(config.backboneWidth()));
        long in = ResNet18Trunk.outputChannels(config.backboneWidth());
        // LibTorch's Conv2d default: uniform in +-1/sqrt(fan_in) for weight and bias.
        double bound = 1 / Math.sqrt(in);
        projectionWeight = ModuleParameters.register(this, "projection_weight", uniform(bound, config.dim(), in, 1, 1));
        projectionBias = ModuleParameters.register(this, "projection_bias", uniform(bound, config.dim()));
    }

    /** The ResNet-18 trunk, e.g. to load pretrained weights into ({@link PretrainedBackbone}). */
    public ResNet18Trunk trunk() {
        return trunk;
    }

    public Tensor forward(Tensor clip) {
        return project(trunkFeatures(clip));
    }

    /** The trunk's output (ResNet-18 layer3) of every frame: clip [B, F, 3, S, S] to [B*F, 4w, h, w], frame-major. */
    public Tensor trunkFeatures(Tensor clip) {
        checkClip(clip);
        long size = config.frameSize();
        return trunk.forward(clip.reshape(clip.size(0) * clip.size(1), 3, size, size));
    }

    /** The 1 x 1 projection of trunk features [B*F, 4w, h, w] to grid tokens [B, F*h*w, d]. */
    public Tensor project(Tensor features) {
        long frames = config.frames(), batch = features.size(0) / frames;
        Tensor projected = torch.conv2d(features, projectionWeight, new TensorOptional(projectionBias),
                new long[] {1, 1}, new long[] {0, 0}, new long[] {1, 1}, 1);
        Grid3 grid = config.grid();
        return projected.view(batch, frames, config.dim(), grid.height(), grid.width())
                .permute(0, 1, 3, 4, 2)
                .reshape(batch, grid.volume(), config.dim());
    }

    private void checkClip(Tensor clip) {
        long[] want = {config.frames(), 3, config.frameSize(), config.frameSize()};
        long[] got = new long[(int) clip.dim()];
        for (int i = 0; i < got.length; i++) {
            got[i] = clip.size(i);
        }
        if (got.length != 5 || !Arrays.equals(Arrays.copyOfRange(got, 1, 5), want)) {
            throw new IllegalArgumentException("clip: expected [B, " + want[0] + ", 3, " + want[2] + ", " + want[3]
                    + "] (B clips of F RGB frames), got " + Arrays.toString(got));
        }
    }

    static Tensor uniform(double bound, long... sizes) {
        return torch.rand(sizes).mul_(new Scalar(2 * bound)).sub_(new Scalar(bound));
    }
}
