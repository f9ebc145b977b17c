package io.github.logoformer.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The configurations and shape rules both bindings share: each failure names the argument and the rule. */
class ConfigRulesTest {
    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void gridsRefuseEmptyAndOverflowingSizes() {
        assertEquals("Grid3: expected all sizes >= 1, got 0x7x7", message(() -> Grid3.of(0, 7, 7)));
        long big = 1L << 22;
        assertEquals("Grid3: expected frames * height * width to fit in int64, got 4194304x4194304x4194304",
                message(() -> Grid3.of(big, big, big)));
        assertEquals(16L * 7 * 7, Grid3.of(16, 7, 7).volume());
    }

    @Test
    void windowAttentionConfigStatesItsRules() {
        Grid3 grid = Grid3.of(4, 6, 6);
        assertEquals("window: expected sizes dividing the grid 4x6x6, got 3x3x3",
                message(() -> WindowAttentionConfig.of(grid, Grid3.of(3, 3, 3), 1, 8)));
        assertEquals("leadingTokens: expected >= 0 and leadingTokens + grid volume (144) to fit in int64, got -1",
                message(() -> WindowAttentionConfig.of(grid, grid, -1, 8)));
        assertEquals("leadingTokens: expected >= 0 and leadingTokens + grid volume (144) to fit in int64, got "
                + Long.MAX_VALUE, message(() -> WindowAttentionConfig.of(grid, grid, Long.MAX_VALUE, 8)));
        assertEquals("headDim: expected >= 1, got 0", message(() -> WindowAttentionConfig.of(grid, grid, 1, 0)));
        assertEquals("scale: expected a finite float, got NaN",
                message(() -> new WindowAttentionConfig(grid, grid, 1, Double.NaN)));
        WindowAttentionConfig config = WindowAttentionConfig.of(grid, Grid3.of(2, 3, 3), 1, 8);
        assertEquals(145, config.tokens());
        assertEquals("q: expected T = leadingTokens + grid volume = 1 + 144 = 145 tokens in dim 1, got 144",
                message(() -> config.checkTokens(new long[] {2, 144, 2, 8}, new long[] {2, 144, 2, 8},
                        new long[] {2, 144, 2, 8})));
        assertEquals("k: expected the sizes of q [2, 145, 2, 8], got [2, 145, 2, 4]",
                message(() -> config.checkTokens(new long[] {2, 145, 2, 8}, new long[] {2, 145, 2, 4},
                        new long[] {2, 145, 2, 8})));
    }

    @Test
    void globalTokensConfigStatesItsRules() {
        GlobalTokensConfig config = GlobalTokensConfig.of(Grid3.of(4, 6, 6), Grid3.of(2, 3, 3));
        assertEquals(8, config.pooledTokens());
        assertEquals("eps: expected > 0, got 0.0", message(() -> new GlobalTokensConfig(Grid3.of(1, 1, 1), Grid3.of(1, 1, 1), 0)));
        long[] c = {5};
        assertEquals("weight: expected the sizes of [C, 1, pf, ph, pw] [5, 1, 2, 3, 3], got [5, 2, 3, 3]",
                message(() -> config.checkSizes(new long[] {2, 144, 5}, new long[] {5, 2, 3, 3}, c, c, c)));
        assertEquals("x: expected 144 grid tokens (4x6x6) in dim 1, got 145",
                message(() -> config.checkSizes(new long[] {2, 145, 5}, new long[] {5, 1, 2, 3, 3}, c, c, c)));
    }

    @Test
    void lossAndCrossAttentionRules() {
        assertEquals("logits: expected B >= 1 rows and C >= 2 classes, got [3, 1]",
                message(() -> ShapeRules.compactLoss(new long[] {3, 1}, new long[] {3}, 0.1, Reduction.MEAN)));
        assertEquals("targets: expected B = 3 entries (the rows of logits), got 2",
                message(() -> ShapeRules.compactLoss(new long[] {3, 7}, new long[] {2}, 0.1, Reduction.MEAN)));
        assertEquals("reduction: expected NONE, MEAN or SUM, got null",
                message(() -> ShapeRules.compactLoss(new long[] {3, 7}, new long[] {3}, 0.1, null)));
        assertEquals("k: expected [B, Nk, heads, D] with B, heads, D of q [2, 5, 2, 8], got [2, 9, 2, 4]",
                message(() -> ShapeRules.crossAttention(new long[] {2, 5, 2, 8}, new long[] {2, 9, 2, 4},
                        new long[] {2, 9, 2, 4}, 1)));
    }
}
