package io.github.logoformer.data;

import java.util.Random;

/**
 * Which frames of a clip a model sees (DESIGN.md 7): the clip is cut into {@code frames / 2} equal
 * segments and each segment gives a run of 2 consecutive frames, at a random offset inside its
 * segment in training and at the segment's centre at test time. A clip with fewer frames than the
 * model takes is stretched: frame {@code i} of the {@code F} sampled is {@code floor(i * n / F)}, so
 * frames repeat in order (no black padding, no wrap-around).
 */
public final class FrameSampler {
    /** Consecutive frames taken from each segment. */
    public static final int RUN = 2;
    private final int frames;

    public FrameSampler(int frames) {
        if (frames < RUN || frames % RUN != 0) {
            throw new IllegalArgumentException("frames: expected a positive multiple of " + RUN + ", got " + frames);
        }
        this.frames = frames;
    }

    public int frames() {
        return frames;
    }

    /** Random segment offsets (training). */
    public int[] trainIndices(int clipLength, Random random) {
        return indices(clipLength, random);
    }

    /** Centred segment offsets (evaluation and prediction): deterministic. */
    public int[] testIndices(int clipLength) {
        return indices(clipLength, null);
    }

    private int[] indices(int n, Random random) {
        if (n < 1) {
            throw new IllegalArgumentException("clip length: expected >= 1 frame, got " + n);
        }
        int[] indices = new int[frames];
        if (n < frames) {
            for (int i = 0; i < frames; i++) {
                indices[i] = (int) ((long) i * n / frames);
            }
            return indices;
        }
        int segments = frames / RUN;
        for (int s = 0; s < segments; s++) {
            // Segment s spans [lo, end); n >= frames makes every segment at least RUN frames long.
            int lo = (int) ((long) s * n / segments);
            int end = (int) ((long) (s + 1) * n / segments);
            int lastStart = end - RUN;
            int start = random == null ? (lo + lastStart) / 2 : lo + random.nextInt(lastStart - lo + 1);
            for (int j = 0; j < RUN; j++) {
                indices[s * RUN + j] = start + j;
            }
        }
        return indices;
    }
}
