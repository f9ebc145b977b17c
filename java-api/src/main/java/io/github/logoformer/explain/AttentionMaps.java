package io.github.logoformer.explain;

import io.github.logoformer.abi.Grid3;
import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.nn.ClsAttention;
import java.util.List;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * The CLS token's attention maps of one clip ({@link ClsAttention}): STT's temporal and spatial layers
 * and LOGO-Former's global layers. LOGO-Former's window attention has no CLS query and so no map.
 */
public final class AttentionMaps {
    private AttentionMaps() {}

    /** Every CLS attention layer of {@code model} on clips [B, F, 3, S, S], in eval mode, without gradients. */
    public static List<ClsAttention> of(ClipClassifier model, Tensor clip) {
        model.eval();
        try (NoGradGuard guard = new NoGradGuard()) {
            return model.clsAttention(clip);
        }
    }

    /**
     * One layer's map on the token grid, averaged over heads: [B, F, h, w]. A pooled token's probability
     * is spread evenly over the grid tokens of its cell, so the map's sum stays the grid keys' share.
     */
    public static Tensor onGrid(ClsAttention attention) {
        Tensor mean = attention.grid().mean(new long[] {1});  // [B, F', h', w']
        Grid3 cell = attention.cell();
        long batch = mean.size(0), f = mean.size(1), h = mean.size(2), w = mean.size(3);
        return mean.view(batch, f, 1, h, 1, w, 1)
                .expand(batch, f, cell.frames(), h, cell.height(), w, cell.width())
                .reshape(batch, f * cell.frames(), h * cell.height(), w * cell.width())
                .div(new org.bytedeco.pytorch.Scalar((double) cell.volume()));
    }
}
