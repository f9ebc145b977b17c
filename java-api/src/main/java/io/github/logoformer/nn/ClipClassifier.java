package io.github.logoformer.nn;

import java.util.function.LongFunction;
import org.bytedeco.pytorch.LayerNormImpl;
import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * What {@link LogoFormer} and {@link Stt} share (DESIGN.md 6): clip [B, F, 3, S, S] through the
 * {@link FrameBackbone} to grid tokens, the {@link SpatioTemporalEmbedding} (CLS first), the model's
 * transformer blocks, a final LayerNorm and Linear(d, classes) on CLS: logits [B, classes].
 *
 * <p>A LibTorch module: {@code parameters()}, {@code train()}/{@code eval()}, {@code to(dtype)} and
 * {@code save}/{@code load} (see {@link ModelWeights}) cover every submodule.
 */
public abstract class ClipClassifier extends Module {
    private final ModelConfig config;
    private final FrameBackbone backbone;
    private final SpatioTemporalEmbedding embedding;
    private final Module blockList;  // kept reachable: LibTorch calls back into registered Java modules
    private final TransformerBlock[] blocks;
    private final LayerNormImpl norm;
    private final LinearImpl head;

    ClipClassifier(ModelConfig config, LongFunction<TransformerBlock> block) {
        this.config = config;
        backbone = register_module("backbone", new FrameBackbone(config));
        embedding = register_module("embedding", new SpatioTemporalEmbedding(config));
        blockList = register_module("blocks", new Module());
        blocks = new TransformerBlock[(int) config.blocks()];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = blockList.register_module(Integer.toString(i), block.apply(i));
        }
        norm = register_module("norm", TransformerBlock.layerNorm(config.dim()));
        head = register_module("head", new LinearImpl(config.dim(), config.classes()));
    }

    public ModelConfig config() {
        return config;
    }

    /** Logits [B, classes] of clips [B, F, 3, S, S]. */
    public Tensor forward(Tensor clip) {
        return classify(backbone(clip));
    }

    /** The frame backbone's ResNet-18 trunk. */
    public ResNet18Trunk trunk() {
        return backbone.trunk();
    }

    /** The CNN part alone: clips [B, F, 3, S, S] to grid tokens [B, F*h*w, d]. */
    public Tensor backbone(Tensor clip) {
        return backbone.forward(clip);
    }

    /** The transformer part alone: grid tokens [B, F*h*w, d] to logits [B, classes]. */
    public Tensor classify(Tensor gridTokens) {
        Tensor x = embedding.forward(gridTokens);
        for (TransformerBlock block : blocks) {
            x = block.forward(x);
        }
        return head.forward(norm.forward(x.select(1, 0)));
    }

    /** The compact softmax cross-entropy of logits against int64 targets [B], with this model's ops. */
    public Tensor loss(Tensor logits, Tensor targets, double lambda) {
        return config.ops().compactLoss(logits, targets, lambda);
    }
}
