package io.github.logoformer.nn;

import io.github.logoformer.abi.Grid3;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.LayerNormImpl;
import org.bytedeco.pytorch.Tensor;

/**
 * STT's block, one pre-norm attention layer per {@link SttAttention} stage, then the MLP: LN, attention,
 * residual (once for joint, twice for divided), LN, MLP, residual. Joint: one attention over the whole grid
 * (window F x H x W). Divided: temporal attention (window F x 1 x 1: each grid token over its own position
 * in every frame) and spatial attention (window 1 x h x w: over its frame), in the configured order. CLS
 * is an extra key of every window and, in every attention layer, is updated by one dense query over all
 * tokens.
 *
 * <p>Names: the norms by position ({@code norm1} before the first attention, the last before the MLP), the
 * attentions by what they attend over ({@code attention}, {@code temporal_attention}, {@code spatial_attention}).
 */
public final class SttBlock extends TransformerBlock {
    private final List<LayerNormImpl> norms = new ArrayList<>();
    private final List<WindowSelfAttention> attentions = new ArrayList<>();
    private final List<String> layerNames = new ArrayList<>();  // what the attention maps call each layer
    private final LayerNormImpl mlpNorm;
    private final Mlp mlp;

    public SttBlock(ModelConfig config, long index) {
        super(config, index);
        Grid3 grid = config.grid();
        Grid3 temporal = Grid3.of(grid.frames(), 1, 1), spatial = Grid3.of(1, grid.height(), grid.width());
        switch (config.sttAttention()) {
            case JOINT -> attention(config, "joint", "attention", grid);
            case DIVIDED_TEMPORAL_FIRST -> {
                attention(config, "temporal", "temporal_attention", temporal);
                attention(config, "spatial", "spatial_attention", spatial);
            }
            case DIVIDED_SPATIAL_FIRST -> {
                attention(config, "spatial", "spatial_attention", spatial);
                attention(config, "temporal", "temporal_attention", temporal);
            }
        }
        mlpNorm = register_module("norm" + (norms.size() + 1), layerNorm(config.dim()));
        mlp = register_module("mlp", new Mlp(config));
    }

    private void attention(ModelConfig config, String layerName, String name, Grid3 window) {
        layerNames.add(layerName);
        norms.add(register_module("norm" + (norms.size() + 1), layerNorm(config.dim())));
        attentions.add(register_module(name, new WindowSelfAttention(config, window, true)));
    }

    @Override
    Tensor forward(Tensor x, List<ClsAttention> recorded) {
        for (int i = 0; i < attentions.size(); i++) {
            x = addAttention(x, attentions.get(i).forward(norms.get(i).forward(x), layerName(layerNames.get(i)), recorded));
        }
        return addMlp(x, mlp.forward(mlpNorm.forward(x)));
    }
}
