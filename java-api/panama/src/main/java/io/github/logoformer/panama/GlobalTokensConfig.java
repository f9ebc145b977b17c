package io.github.logoformer.panama;

/**
 * What {@link GlobalTokens} computes: the F x H x W token grid, the pool (kernel = stride of the
 * depthwise 3-D convolution, dividing the grid) and LayerNorm's epsilon. Same contract and messages as
 * {@code io.github.logoformer.ops.GlobalTokensConfig}.
 */
public record GlobalTokensConfig(Grid3 grid, Grid3 pool, double eps) {
    /** PyTorch's LayerNorm default. */
    public static final double DEFAULT_EPS = 1e-5;

    public GlobalTokensConfig {
        if (grid == null || pool == null) {
            throw new IllegalArgumentException("GlobalTokensConfig: grid and pool must not be null");
        }
        if (!grid.isTiledBy(pool)) {
            throw new IllegalArgumentException("pool: expected sizes dividing the grid " + grid + ", got " + pool);
        }
        SegmentChecks.finiteFloat(eps, "eps");
        if (!(eps > 0)) {
            throw new IllegalArgumentException("eps: expected > 0, got " + eps);
        }
    }

    public static GlobalTokensConfig of(Grid3 grid, Grid3 pool) {
        return new GlobalTokensConfig(grid, pool, DEFAULT_EPS);
    }

    /** M, the number of pooled tokens. */
    public long pooledTokens() {
        return grid.volume() / pool.volume();
    }
}
