package io.github.logoformer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Segment sampling: 8 segments x 2 consecutive frames, random in training, centred at test, stretched for short clips. */
class FrameSamplerTest {
    private final FrameSampler sampler = new FrameSampler(16);

    @Test
    void testIndicesTakeTheCentralPairOfEachSegment() {
        // 32 frames: segments of 4, [4s, 4s+4); the pair starts at 4s+1.
        assertArrayEquals(new int[] {1, 2, 5, 6, 9, 10, 13, 14, 17, 18, 21, 22, 25, 26, 29, 30}, sampler.testIndices(32));
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, sampler.testIndices(16));
    }

    @Test
    void trainIndicesArePairsInsideTheirSegmentsAndVary() {
        Random random = new Random(3);
        int n = 37;
        boolean varied = false;
        int[] first = sampler.trainIndices(n, random);
        for (int trial = 0; trial < 200; trial++) {
            int[] idx = sampler.trainIndices(n, random);
            varied |= !java.util.Arrays.equals(idx, first);
            for (int s = 0; s < 8; s++) {
                int lo = s * n / 8, end = (s + 1) * n / 8;
                assertTrue(idx[2 * s] >= lo && idx[2 * s + 1] < end, "segment " + s + ": " + java.util.Arrays.toString(idx));
                assertEquals(idx[2 * s] + 1, idx[2 * s + 1]);
            }
        }
        assertTrue(varied, "random offsets");
    }

    @Test
    void shortClipsRepeatFramesInOrder() {
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4}, sampler.testIndices(5));
        assertArrayEquals(sampler.testIndices(5), sampler.trainIndices(5, new Random(1)));
        assertArrayEquals(new int[16], sampler.testIndices(1));
    }

    @Test
    void oddFrameCountsAndEmptyClipsFail() {
        assertEquals("frames: expected a positive multiple of 2, got 15",
                assertThrows(IllegalArgumentException.class, () -> new FrameSampler(15)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> sampler.testIndices(0));
    }
}
