package io.github.logoformer.abi;

/**
 * What the global-tokens op (LOGO-Former's pooled tokens) computes: the F x H x W token grid, the pool
 * (kernel = stride of the depthwise 3-D convolution, dividing the grid) and LayerNorm's epsilon.
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
        ShapeRules.finiteFloat(eps, "eps");
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

    /** The rules on the sizes of x [B, F*H*W, C], the depthwise weight [C, 1, pf, ph, pw] and bias, gamma, beta [C]. */
    public void checkSizes(long[] x, long[] weight, long[] bias, long[] gamma, long[] beta) {
        ShapeRules.dims(x, "x", 3, "[B, F*H*W, C]");
        if (x[1] != grid.volume()) {
            throw new IllegalArgumentException("x: expected " + grid.volume() + " grid tokens (" + grid
                    + ") in dim 1, got " + x[1]);
        }
        ShapeRules.nonEmpty(x, "x");
        long channels = x[2];
        ShapeRules.sameSizes(weight, "weight", new long[] {channels, 1, pool.frames(), pool.height(), pool.width()},
                "[C, 1, pf, ph, pw]");
        long[] perChannel = {channels};
        ShapeRules.sameSizes(bias, "bias", perChannel, "[C]");
        ShapeRules.sameSizes(gamma, "gamma", perChannel, "[C]");
        ShapeRules.sameSizes(beta, "beta", perChannel, "[C]");
    }
}
