package io.github.logoformer.panama;

/**
 * What {@link WindowAttention} computes: token tensors [B, T, heads, D] with
 * T = {@code globalTokens} + grid.volume(); each grid query attends to the keys of its own
 * {@code window} and to the {@code globalTokens} leading tokens (CLS); scores are multiplied by
 * {@code scale}. Same contract and messages as {@code io.github.logoformer.ops.WindowAttentionConfig}.
 */
public record WindowAttentionConfig(Grid3 grid, Grid3 window, long globalTokens, double scale) {
    public WindowAttentionConfig {
        if (grid == null || window == null) {
            throw new IllegalArgumentException("WindowAttentionConfig: grid and window must not be null");
        }
        if (!grid.isTiledBy(window)) {
            throw new IllegalArgumentException(
                    "window: expected sizes dividing the grid " + grid + ", got " + window);
        }
        if (globalTokens < 0) {
            throw new IllegalArgumentException("globalTokens: expected >= 0, got " + globalTokens);
        }
        SegmentChecks.finiteFloat(scale, "scale");
    }

    /** The usual scale 1/sqrt(headDim). */
    public static WindowAttentionConfig of(Grid3 grid, Grid3 window, long globalTokens, long headDim) {
        if (headDim < 1) {
            throw new IllegalArgumentException("headDim: expected >= 1, got " + headDim);
        }
        return new WindowAttentionConfig(grid, window, globalTokens, 1.0 / Math.sqrt(headDim));
    }

    /** T, the token count a [B, T, heads, D] tensor must have. */
    public long tokens() {
        return globalTokens + grid.volume();
    }
}
