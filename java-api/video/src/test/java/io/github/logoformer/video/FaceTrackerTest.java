package io.github.logoformer.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The main face, gap bridging, holds, run splits and smoothing, on hand-made detections (microseconds). */
class FaceTrackerTest {
    private static final long GAP = 1_000_000, HOLD = 100_000;

    private static FaceBox box(double cx, double cy, double side) {
        return FaceBox.square(cx, cy, side);
    }

    @Test
    void theLargestFaceStartsTheTrackAndKeepsItWhenABiggerOneAppears() {
        FaceTracker tracker = new FaceTracker(GAP, HOLD);
        FaceBox main = box(100, 100, 50);
        assertEquals(main, tracker.detected(0, List.of(box(300, 100, 30), main)));
        FaceBox moved = box(110, 102, 52);
        assertEquals(moved, tracker.detected(100_000, List.of(box(300, 300, 120), moved)), "a nearer face of similar size wins");
        assertNull(tracker.detected(200_000, List.of(box(300, 300, 120))), "a far, larger face is a miss, not a switch");
        assertEquals(3, tracker.attempts());
        assertEquals(2, tracker.hits());
    }

    @Test
    void shortGapsAreBridgedLinearlyAndEndsAreHeld() {
        FaceTracker tracker = new FaceTracker(GAP, HOLD);
        tracker.detected(0, List.of(box(100, 100, 40)));
        tracker.detected(200_000, List.of());
        tracker.detected(400_000, List.of());
        tracker.detected(600_000, List.of(box(125, 100, 40)));
        FaceTrack track = tracker.finish();
        assertEquals(1, track.runs());
        double start = track.at(0).centreX(), end = track.at(600_000).centreX();
        assertTrue(start > 100 && end < 125 && start < end, "smoothing pulls the ends together: " + start + ", " + end);
        assertEquals((start + end) / 2, track.at(300_000).centreX(), 1e-9, "linear between detections");
        assertEquals(start, track.at(-HOLD).centreX(), 1e-9, "held before the first detection");
        assertEquals(end, track.at(600_000 + HOLD).centreX(), 1e-9, "held after the last");
        assertNull(track.at(-HOLD - 1));
        assertNull(track.at(600_000 + HOLD + 1));
    }

    @Test
    void aGapLongerThanTheLimitEndsTheRunAndLeavesNoFaceInIt() {
        FaceTracker tracker = new FaceTracker(GAP, HOLD);
        tracker.detected(0, List.of(box(100, 100, 40)));
        tracker.detected(1_500_000, List.of(box(400, 300, 60)));
        FaceTrack track = tracker.finish();
        assertEquals(2, track.runs());
        assertNull(track.at(750_000));
        assertEquals(400, track.at(1_500_000).centreX(), 1e-9, "the new run starts with the largest face anywhere");
    }

    @Test
    void smoothingTakesOutJitterWithoutMovingAStillFace() {
        Random r = new Random(3);
        FaceTracker tracker = new FaceTracker(GAP, HOLD);
        double rawSpread = 0, smoothSpread = 0;
        double[] raw = new double[40];
        for (int i = 0; i < 40; i++) {
            raw[i] = 200 + 4 * r.nextGaussian();
            tracker.detected(i * 100_000L, List.of(box(raw[i], 150, 60)));
        }
        FaceTrack track = tracker.finish();
        for (int i = 0; i < 40; i++) {
            rawSpread += Math.pow(raw[i] - 200, 2);
            smoothSpread += Math.pow(track.at(i * 100_000L).centreX() - 200, 2);
        }
        assertTrue(smoothSpread < 0.5 * rawSpread, "squared error " + smoothSpread + " after smoothing, " + rawSpread + " before");
    }

    @Test
    void detectionsOutOfOrderAreRefused() {
        FaceTracker tracker = new FaceTracker(GAP, HOLD);
        tracker.detected(500, List.of());
        var e = assertThrows(IllegalArgumentException.class, () -> tracker.detected(400, List.of()));
        assertEquals("face tracker: detection at 400 us comes before the previous one at 500 us", e.getMessage());
    }
}
