package io.github.logoformer.nn;

import io.github.logoformer.abi.Grid3;
import org.bytedeco.pytorch.Tensor;

/**
 * The CLS token's attention probabilities in one attention layer, per head, split into the CLS key and
 * the grid keys. STT's temporal and spatial layers: one dense CLS query over every token, so {@code grid}
 * is [B, heads, F, h, w] and {@code cell} is 1 x 1 x 1. LOGO-Former's global layer: CLS queries [CLS,
 * pooled tokens], so {@code grid} is [B, heads, F/pf, h/ph, w/pw] over the pooled tokens, each standing for
 * a {@code cell} (the pool) of grid tokens. {@code cls} [B, heads] plus the sum of {@code grid} is 1.
 * LOGO-Former's window attention has no CLS query (its CLS row is left unchanged), so it has no map.
 *
 * <p>Computed from the layer's own q and k with LibTorch ops (the fused kernels never form the
 * probabilities), in the model's dtype.
 *
 * @param layer names the block and the layer, such as {@code "block 0 global"}
 */
public record ClsAttention(String layer, Tensor cls, Tensor grid, Grid3 cell) {}
