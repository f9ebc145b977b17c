package io.github.logoformer.nn;

import java.util.List;
import org.bytedeco.pytorch.LayerNormImpl;
import org.bytedeco.pytorch.LayerNormOptions;
import org.bytedeco.pytorch.LongVector;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * A pre-norm transformer block on [B, 1 + F*h*w, d] tokens (CLS first). Holds what the LOGO-Former and
 * STT blocks share: the residual rule, with attention dropout on each attention branch's output and
 * drop-path on every branch.
 */
public abstract class TransformerBlock extends Module {
    private final long index;
    private final double attentionDropout;
    private final double dropPath;

    TransformerBlock(ModelConfig config, long index) {
        this.index = index;
        this.attentionDropout = config.attentionDropout();
        this.dropPath = config.dropPathAt(index);
    }

    public final Tensor forward(Tensor x) {
        return forward(x, null);
    }

    /**
     * The block on x; where {@code recorded} is not null, the CLS attention of each layer that has a CLS
     * query is added to it ({@link ClsAttention}), its layer named after {@code index}.
     */
    abstract Tensor forward(Tensor x, List<ClsAttention> recorded);

    /** The name of this block's layer {@code kind} in {@link ClsAttention#layer()}. */
    final String layerName(String kind) {
        return "block " + index + " " + kind;
    }

    /** x + dropPath(dropout(branch)): the residual of an attention branch. */
    final Tensor addAttention(Tensor x, Tensor branch) {
        return x.add(StochasticDepth.apply(torch.dropout(branch, attentionDropout, is_training()), dropPath,
                is_training()));
    }

    /** x + dropPath(branch): the residual of the MLP. */
    final Tensor addMlp(Tensor x, Tensor branch) {
        return x.add(StochasticDepth.apply(branch, dropPath, is_training()));
    }

    static LayerNormImpl layerNorm(long dim) {
        return new LayerNormImpl(new LayerNormOptions(new LongVector(new long[] {dim})));
    }
}
