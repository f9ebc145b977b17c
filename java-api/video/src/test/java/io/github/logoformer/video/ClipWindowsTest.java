package io.github.logoformer.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.data.FrameSampler;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Windows over frame times: stride, the end-aligned last window, short videos, the face share, the sampling rule. */
class ClipWindowsTest {
    private static final FrameSampler SIXTEEN = new FrameSampler(16);

    /** {@code n} frames every {@code gap} microseconds from 0. */
    private static long[] times(int n, long gap) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * gap;
        }
        return t;
    }

    private static boolean[] all(int n, boolean face) {
        boolean[] f = new boolean[n];
        Arrays.fill(f, face);
        return f;
    }

    @Test
    void windowsStartEveryStrideAndTheLastEndsWithTheVideo() {
        long[] t = times(262, 40_000);  // 10.48 s at 25 fps
        List<ClipWindow> w = ClipWindows.cut(t, all(262, true), 262 * 40_000L, 2_000_000, 1_000_000, SIXTEEN, 0.5);
        assertEquals(10, w.size());
        for (int k = 0; k < 9; k++) {
            assertEquals(k * 1_000_000L, w.get(k).startMicros());
            assertEquals(50, w.get(k).frames(), "2 s at 25 fps");
        }
        assertEquals(262 * 40_000L, w.get(9).endMicros());
        assertEquals(262 * 40_000L - 2_000_000, w.get(9).startMicros());
        assertEquals(50, w.get(9).frames());
        assertEquals(212, w.get(9).firstFrame());
    }

    @Test
    void aVideoShorterThanAWindowIsOneWindowWithItsFramesRepeated() {
        long[] t = times(10, 100_000);  // 1 s at 10 fps, a 16-frame model
        List<ClipWindow> w = ClipWindows.cut(t, all(10, true), 1_000_000, 2_000_000, 1_000_000, SIXTEEN, 0.5);
        assertEquals(1, w.size());
        assertEquals(10, w.get(0).frames());
        assertArrayEquals(SIXTEEN.testIndices(10), w.get(0).sampled(), "the loaders' stretching rule");
    }

    @Test
    void theModelSeesOnlyFaceFramesChosenByTheSegmentRule() {
        long[] t = times(50, 40_000);
        boolean[] face = all(50, true);
        for (int i = 10; i < 20; i++) {
            face[i] = false;
        }
        ClipWindow w = ClipWindows.cut(t, face, 2_000_000, 2_000_000, 1_000_000, SIXTEEN, 0.5).get(0);
        assertEquals(40, w.faceFrames());
        int[] faceFrames = java.util.stream.IntStream.range(0, 50).filter(i -> face[i]).toArray();
        assertArrayEquals(Arrays.stream(SIXTEEN.testIndices(40)).map(i -> faceFrames[i]).toArray(), w.sampled());
        assertTrue(Arrays.stream(w.sampled()).allMatch(i -> face[i]));
    }

    @Test
    void aWindowWithTooLittleFaceIsNotPredicted() {
        long[] t = times(100, 40_000);
        boolean[] face = all(100, false);
        for (int i = 0; i < 25; i++) {
            face[i] = true;  // the first window's frames 0-49: half have the face
        }
        face[60] = true;  // the second window's frames 25-74: 1 of 50
        List<ClipWindow> w = ClipWindows.cut(t, face, 4_000_000, 2_000_000, 1_000_000, SIXTEEN, 0.5);
        assertTrue(w.get(0).predicted());
        assertFalse(w.get(1).predicted());
        assertNull(w.get(1).sampled());
        assertEquals(1, w.get(1).faceFrames());
    }

    @Test
    void theWindowAtATimeIsThePredictedOneCentredNearest() {
        long[] t = times(100, 40_000);  // 4 s at 25 fps: windows of 2 s at 0, 1 and 2 s
        boolean[] face = all(100, true);
        Arrays.fill(face, 70, 100, false);  // the window at 2 s has the face in 20 of its 50 frames: not predicted
        List<ClipWindow> w = ClipWindows.cut(t, face, 4_000_000, 2_000_000, 1_000_000, SIXTEEN, 0.5);
        assertEquals(3, w.size());
        assertEquals(0, ClipWindows.predictedAt(w, 800_000).orElseThrow().index(), "only window 0 holds it");
        assertEquals(1, ClipWindows.predictedAt(w, 1_800_000).orElseThrow().index(), "windows 0 and 1 hold it; 1 is centred nearer");
        assertEquals(0, ClipWindows.predictedAt(w, 1_500_000).orElseThrow().index(), "a tie goes to the earlier window");
        assertFalse(w.get(2).predicted());
        assertEquals(1, ClipWindows.predictedAt(w, 2_900_000).orElseThrow().index(), "window 1 holds it with its face");
        assertTrue(ClipWindows.predictedAt(w, 3_500_000).isEmpty(), "only the unpredicted window holds it");
        assertTrue(ClipWindows.predictedAt(w, 4_000_000).isEmpty(), "the end is after the last window");
    }

    @Test
    void variableFrameTimesPlaceFramesByTime() {
        long[] t = {0, 100_000, 150_000, 900_000, 1_000_000, 1_050_000, 1_990_000, 2_500_000};
        List<ClipWindow> w = ClipWindows.cut(t, all(8, true), 2_600_000, 1_000_000, 1_000_000, SIXTEEN, 0.5);
        assertEquals(List.of(4, 3, 2), w.stream().map(ClipWindow::frames).toList());
        assertEquals(List.of(0, 4, 6), w.stream().map(ClipWindow::firstFrame).toList());
        assertEquals(1_600_000, w.get(2).startMicros(), "the last window ends with the video");
    }
}
