package io.github.logoformer.panama;

/**
 * Sizes along time, height and width: a token grid (F x H x W) or a window (f x h x w) on it.
 * Tokens of a grid are ordered (t, y, x) row-major. Same contract as {@code io.github.logoformer.ops.Grid3},
 * repeated here so that this module needs no LibTorch.
 */
public record Grid3(long frames, long height, long width) {
    public Grid3 {
        if (frames < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("Grid3: expected all sizes >= 1, got " + describe(frames, height, width));
        }
    }

    public static Grid3 of(long frames, long height, long width) {
        return new Grid3(frames, height, width);
    }

    /** Number of tokens: frames * height * width. */
    public long volume() {
        return Math.multiplyExact(Math.multiplyExact(frames, height), width);
    }

    /** True when each size of {@code window} divides the matching size of this grid. */
    public boolean isTiledBy(Grid3 window) {
        return frames % window.frames == 0 && height % window.height == 0 && width % window.width == 0;
    }

    @Override
    public String toString() {
        return describe(frames, height, width);
    }

    private static String describe(long frames, long height, long width) {
        return frames + "x" + height + "x" + width;
    }
}
