package io.github.logoformer.nn;

import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * ResNet-18 from conv1 through layer3 (no layer4, pooling or classifier): [N, 3, S, S] frames to
 * [N, 4w, ceil(S/16), ceil(S/16)] feature maps, 256 x 7 x 7 at S = 112 and the standard width w = 64.
 * Parameter and buffer names are torchvision's ({@code conv1.weight}, {@code bn1.running_mean},
 * {@code layer2.0.downsample.0.weight}, ...), so a torchvision ResNet-18 state dict without
 * {@code layer4.*} and {@code fc.*} is exactly this module's (see {@link PretrainedBackbone}).
 */
public final class ResNet18Trunk extends Module {
    /** ResNet-18's own first-stage width, that of every pretrained ResNet-18. */
    public static final long STANDARD_WIDTH = 64;

    private final long width;
    private final ConvBatchNorm stem;
    private final BasicBlock[] blocks;
    // Java peers of every registered module must stay reachable: LibTorch calls back into them (train/eval).
    private final Module[] layers = new Module[3];

    public ResNet18Trunk(long width) {
        this.width = width;
        stem = new ConvBatchNorm(this, "conv1", "bn1", 3, width, 7, 2, 3);
        blocks = new BasicBlock[] {
            new BasicBlock(width, width, 1), new BasicBlock(width, width, 1),
            new BasicBlock(width, 2 * width, 2), new BasicBlock(2 * width, 2 * width, 1),
            new BasicBlock(2 * width, 4 * width, 2), new BasicBlock(4 * width, 4 * width, 1)
        };
        for (int stage = 0; stage < 3; stage++) {
            layers[stage] = register_module("layer" + (stage + 1), new Module());
            layers[stage].register_module("0", blocks[2 * stage]);
            layers[stage].register_module("1", blocks[2 * stage + 1]);
        }
    }

    /** The first stage's width w (stages are w, 2w, 4w). */
    public long width() {
        return width;
    }

    /** Channels of the output: 4 x the first stage's width. */
    public static long outputChannels(long width) {
        return 4 * width;
    }

    public Tensor forward(Tensor frames) {
        return forward(frames, TrunkStage.LAYER3);
    }

    /** Frames [N, 3, S, S] through the stem and every stage up to and including {@code last}. */
    public Tensor forward(Tensor frames, TrunkStage last) {
        // Channels-last: LibTorch's CPU max pool and batch norm are vectorised over channels only in this
        // layout (the stem's bfloat16 max pool alone took a sixth of a bf16 model forward in NCHW), and
        // oneDNN's convolutions take it without reorders. The values are the same in either layout.
        Tensor x = torch.relu(stem.forward(frames.contiguous(torch.MemoryFormat.ChannelsLast)));
        x = torch.max_pool2d(x, new long[] {3, 3}, new long[] {2, 2}, new long[] {1, 1}, new long[] {1, 1}, false);
        return blocks(x, 0, last.ordinal() + 1);
    }

    /** The stages after {@code stage} on its output ({@code forward(frames, stage)}): the trunk's output. */
    public Tensor forwardAfter(Tensor features, TrunkStage stage) {
        return blocks(features, stage.ordinal() + 1, layers.length);
    }

    private Tensor blocks(Tensor x, int firstStage, int endStage) {
        for (int b = 2 * firstStage; b < 2 * endStage; b++) {
            x = blocks[b].forward(x);
        }
        return x;
    }
}
