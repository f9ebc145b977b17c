package io.github.logoformer.nn;

import io.github.logoformer.ops.NativeLibrary;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.bytedeco.pytorch.LayerNormImpl;
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
    private final Linear head;

    ClipClassifier(ModelConfig config, LongFunction<TransformerBlock> block) {
        NativeLibrary.load();  // the runtime defaults (OpenBLAS threads) before the first matmul, whatever the ops
        this.config = config;
        backbone = register_module("backbone", new FrameBackbone(config));
        embedding = register_module("embedding", new SpatioTemporalEmbedding(config));
        blockList = register_module("blocks", new Module());
        blocks = new TransformerBlock[(int) config.blocks()];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = blockList.register_module(Integer.toString(i), block.apply(i));
        }
        norm = register_module("norm", TransformerBlock.layerNorm(config.dim()));
        head = new Linear(config.dim(), config.classes());
        register_module("head", head);
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
        return head.forward(clsFeatures(gridTokens, null));
    }

    /**
     * The output of one stage of the backbone's ResNet-18 trunk for every frame: clips [B, F, 3, S, S] to
     * [B*F, C, S/stride, S/stride] (rounded up), frame-major; at {@link TrunkStage#LAYER3}, the last
     * convolution stage, [B*F, 4w, h, w]. With {@link #classifyTrunkFeatures} it is {@link #forward} in two
     * steps, so that a caller can take gradients at that stage (Grad-CAM).
     */
    public Tensor trunkFeatures(Tensor clip, TrunkStage stage) {
        return backbone.trunkFeatures(clip, stage);
    }

    /** Logits [B, classes] of stage {@code stage}'s features ({@link #trunkFeatures}). */
    public Tensor classifyTrunkFeatures(Tensor features, TrunkStage stage) {
        return classify(backbone.fromStage(features, stage));
    }

    /** The CLS token after the final LayerNorm, the head's input: clips [B, F, 3, S, S] to [B, d]. */
    public Tensor clsFeatures(Tensor clip) {
        return clsFeatures(backbone(clip), null);
    }

    /**
     * The CLS token's attention in every layer that has a CLS query, in block order (STT: temporal and
     * spatial of each block; LOGO-Former: global of each block). Runs the whole transformer on clips
     * [B, F, 3, S, S]; the probabilities come from each layer's own q and k (see {@link ClsAttention}).
     */
    public List<ClsAttention> clsAttention(Tensor clip) {
        List<ClsAttention> recorded = new ArrayList<>();
        clsFeatures(backbone(clip), recorded);
        return recorded;
    }

    private Tensor clsFeatures(Tensor gridTokens, List<ClsAttention> recorded) {
        Tensor x = embedding.forward(gridTokens);
        for (TransformerBlock block : blocks) {
            x = block.forward(x, recorded);
        }
        return norm.forward(x.select(1, 0));
    }

    /** The compact softmax cross-entropy of logits against int64 targets [B], with this model's ops. */
    public Tensor loss(Tensor logits, Tensor targets, double lambda) {
        return config.ops().compactLoss(logits, targets, lambda);
    }
}
