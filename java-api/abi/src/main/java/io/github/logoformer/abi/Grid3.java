package io.github.logoformer.abi;

/**
 * Sizes along time, height and width: a token grid (F x H x W) or a window or pool (f x h x w) on it.
 * Tokens of a grid are ordered (t, y, x) row-major.
 */
public record Grid3(long frames, long height, long width) {
    public Grid3 {
        if (frames < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("Grid3: expected all sizes >= 1, got " + describe(frames, height, width));
        }
        try {
            Math.multiplyExact(Math.multiplyExact(frames, height), width);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("Grid3: expected frames * height * width to fit in int64, got "
                    + describe(frames, height, width));
        }
    }

    public static Grid3 of(long frames, long height, long width) {
        return new Grid3(frames, height, width);
    }

    /** Number of tokens: frames * height * width (checked to fit in int64 at construction). */
    public long volume() {
        return frames * height * width;
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
