package io.github.logoformer.video;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Follows the main face through the detection runs of one video, in time order. The main face is the
 * largest face when no face is being followed; after that, the face nearest the last one followed, if
 * its centre moved less than {@value #MAX_SHIFT} of the last box's side and its side changed by less
 * than a factor {@value #MAX_SCALE} (another person entering the frame does not take over). A
 * detection run that finds no such face is a miss; misses shorter than {@code maxGap} are bridged, a
 * longer one ends the run of detections, and the next face found starts a new one. {@link #finish()}
 * gives the smoothed {@link FaceTrack}.
 */
public final class FaceTracker {
    static final double MAX_SHIFT = 0.75;
    static final double MAX_SCALE = 1.6;

    private final long maxGap;
    private final long hold;
    private final List<FaceTrack.Run> runs = new ArrayList<>();
    private List<Long> times = new ArrayList<>();
    private List<FaceBox> boxes = new ArrayList<>();
    private int attempts, hits;
    private long lastAttempt = Long.MIN_VALUE;

    /**
     * @param maxGapMicros the longest time between two detections of one run
     * @param holdMicros how long the box is held before a run's first detection and after its last (the
     *     detection interval: the time nobody looked)
     */
    public FaceTracker(long maxGapMicros, long holdMicros) {
        if (maxGapMicros <= 0 || holdMicros < 0) {
            throw new IllegalArgumentException("face tracker: expected a gap > 0 and a hold >= 0, got " + maxGapMicros
                    + " and " + holdMicros + " us");
        }
        this.maxGap = maxGapMicros;
        this.hold = holdMicros;
    }

    /**
     * Records one detection run at {@code micros} (not before the previous one) with the faces it found.
     *
     * @return the main face, or null when this run missed it
     */
    public FaceBox detected(long micros, List<FaceBox> faces) {
        if (micros < lastAttempt) {
            throw new IllegalArgumentException("face tracker: detection at " + micros + " us comes before the previous one at "
                    + lastAttempt + " us");
        }
        lastAttempt = micros;
        attempts++;
        boolean following = !times.isEmpty() && micros - times.get(times.size() - 1) <= maxGap;
        FaceBox chosen = following ? nearest(boxes.get(boxes.size() - 1), faces)
                : faces.stream().max(Comparator.comparingDouble(FaceBox::area)).orElse(null);
        if (chosen == null) {
            return null;
        }
        if (!following) {
            endRun();
        }
        hits++;
        times.add(micros);
        boxes.add(chosen);
        return chosen;
    }

    private static FaceBox nearest(FaceBox last, List<FaceBox> faces) {
        FaceBox best = null;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (FaceBox f : faces) {
            double distance = Math.hypot(f.centreX() - last.centreX(), f.centreY() - last.centreY());
            double scale = f.side() / last.side();
            if (distance <= MAX_SHIFT * last.side() && scale < MAX_SCALE && scale > 1 / MAX_SCALE && distance < bestDistance) {
                best = f;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** Detection runs so far. */
    public int attempts() {
        return attempts;
    }

    /** Detection runs that found the main face. */
    public int hits() {
        return hits;
    }

    private void endRun() {
        if (!times.isEmpty()) {
            runs.add(FaceTrack.Run.smoothed(times, boxes, hold));
            times = new ArrayList<>();
            boxes = new ArrayList<>();
        }
    }

    /** The track of every run recorded; the tracker is left empty. */
    public FaceTrack finish() {
        endRun();
        FaceTrack track = new FaceTrack(runs);
        runs.clear();
        return track;
    }
}
