package io.github.logoformer.nn;

import io.github.logoformer.abi.Grid3;
import org.bytedeco.pytorch.LayerNormImpl;
import org.bytedeco.pytorch.Tensor;

/**
 * STT's block, divided space-time attention: LN, temporal attention (window F x 1 x 1: each grid token
 * over its own position in every frame), residual; LN, spatial attention (window 1 x h x w: over its
 * frame), residual; LN, MLP, residual. CLS is an extra key of every window and, in both attention
 * layers, is updated by one dense query over all tokens.
 */
public final class SttBlock extends TransformerBlock {
    private final LayerNormImpl norm1;
    private final WindowSelfAttention temporal;
    private final LayerNormImpl norm2;
    private final WindowSelfAttention spatial;
    private final LayerNormImpl norm3;
    private final Mlp mlp;

    public SttBlock(ModelConfig config, long index) {
        super(config, index);
        Grid3 grid = config.grid();
        norm1 = register_module("norm1", layerNorm(config.dim()));
        temporal = register_module("temporal_attention", new WindowSelfAttention(config, Grid3.of(grid.frames(), 1, 1), true));
        norm2 = register_module("norm2", layerNorm(config.dim()));
        spatial = register_module("spatial_attention",
                new WindowSelfAttention(config, Grid3.of(1, grid.height(), grid.width()), true));
        norm3 = register_module("norm3", layerNorm(config.dim()));
        mlp = register_module("mlp", new Mlp(config));
    }

    @Override
    public Tensor forward(Tensor x) {
        x = addAttention(x, temporal.forward(norm1.forward(x)));
        x = addAttention(x, spatial.forward(norm2.forward(x)));
        return addMlp(x, mlp.forward(norm3.forward(x)));
    }
}
