package io.github.logoformer.nn;

import java.util.List;
import org.bytedeco.pytorch.LayerNormImpl;
import org.bytedeco.pytorch.Tensor;

/**
 * LOGO-Former's block: LN, local window attention (CLS an extra key of every window), residual; LN,
 * global attention of every token over [CLS, pooled tokens], residual; LN, MLP, residual.
 */
public final class LogoFormerBlock extends TransformerBlock {
    private final LayerNormImpl norm1;
    private final WindowSelfAttention local;
    private final LayerNormImpl norm2;
    private final GlobalAttention global;
    private final LayerNormImpl norm3;
    private final Mlp mlp;

    public LogoFormerBlock(ModelConfig config, long index) {
        super(config, index);
        norm1 = register_module("norm1", layerNorm(config.dim()));
        local = register_module("local_attention", new WindowSelfAttention(config, config.window(), false));
        norm2 = register_module("norm2", layerNorm(config.dim()));
        global = register_module("global_attention", new GlobalAttention(config));
        norm3 = register_module("norm3", layerNorm(config.dim()));
        mlp = register_module("mlp", new Mlp(config));
    }

    @Override
    Tensor forward(Tensor x, List<ClsAttention> recorded) {
        x = addAttention(x, local.forward(norm1.forward(x), layerName("local"), null));
        x = addAttention(x, global.forward(norm2.forward(x), layerName("global"), recorded));
        return addMlp(x, mlp.forward(norm3.forward(x)));
    }
}
