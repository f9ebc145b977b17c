package io.github.logoformer.abi;

/**
 * What window attention computes: token tensors [B, T, heads, D] with
 * T = {@code leadingTokens} + grid.volume(); each grid query attends to the keys of its own
 * {@code window} (non-overlapping windows tiling the grid) and to the {@code leadingTokens} tokens
 * before the grid (CLS); scores are multiplied by {@code scale}.
 *
 * <p>Window = grid is joint space-time attention over the whole clip; (1, H, W) spatial-only and
 * (F, 1, 1) temporal-only give divided attention.
 */
public record WindowAttentionConfig(Grid3 grid, Grid3 window, long leadingTokens, double scale) {
    public WindowAttentionConfig {
        if (grid == null || window == null) {
            throw new IllegalArgumentException("WindowAttentionConfig: grid and window must not be null");
        }
        if (!grid.isTiledBy(window)) {
            throw new IllegalArgumentException("window: expected sizes dividing the grid " + grid + ", got " + window);
        }
        if (leadingTokens < 0 || leadingTokens > Long.MAX_VALUE - grid.volume()) {
            throw new IllegalArgumentException("leadingTokens: expected >= 0 and leadingTokens + grid volume ("
                    + grid.volume() + ") to fit in int64, got " + leadingTokens);
        }
        ShapeRules.finiteFloat(scale, "scale");
    }

    /** The usual scale 1/sqrt(headDim). */
    public static WindowAttentionConfig of(Grid3 grid, Grid3 window, long leadingTokens, long headDim) {
        if (headDim < 1) {
            throw new IllegalArgumentException("headDim: expected >= 1, got " + headDim);
        }
        return new WindowAttentionConfig(grid, window, leadingTokens, 1.0 / Math.sqrt(headDim));
    }

    /** T, the token count a [B, T, heads, D] tensor must have. */
    public long tokens() {
        return leadingTokens + grid.volume();
    }

    /** Tokens per window. */
    public long windowTokens() {
        return window.volume();
    }

    /** The rules on q, k, v sizes: [B, T, heads, D], equal, T = {@link #tokens()}, non-empty. */
    public void checkTokens(long[] q, long[] k, long[] v) {
        ShapeRules.dims(q, "q", 4, "[B, T, heads, D]");
        ShapeRules.sameSizes(k, "k", q, "q");
        ShapeRules.sameSizes(v, "v", q, "q");
        if (q[1] != tokens()) {
            throw new IllegalArgumentException("q: expected T = leadingTokens + grid volume = " + leadingTokens + " + "
                    + grid.volume() + " = " + tokens() + " tokens in dim 1, got " + q[1]);
        }
        ShapeRules.nonEmpty(q, "q");
    }

    /** Elements of the log-sum-exp statistics [B, heads, F*H*W] for q of sizes {@code q}. */
    public long lseElements(long[] q) {
        return Math.multiplyExact(Math.multiplyExact(q[0], q[2]), grid.volume());
    }
}
