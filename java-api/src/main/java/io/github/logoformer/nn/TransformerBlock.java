package io.github.logoformer.nn;

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
    private final double attentionDropout;
    private final double dropPath;

    TransformerBlock(ModelConfig config, long index) {
        this.attentionDropout = config.attentionDropout();
        this.dropPath = config.dropPathAt(index);
    }

    public abstract Tensor forward(Tensor x);

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
