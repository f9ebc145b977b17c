package io.github.logoformer.video;

import java.util.Arrays;
import java.util.List;

/**
 * Where the main face is at any time of a video: runs of detections (see {@link FaceTracker}), each
 * smoothed and then interpolated linearly in time between its detections. A run also covers {@code hold}
 * before its first and after its last detection, with those detections' boxes; outside every run there
 * is no face. Smoothing is a zero-lag exponential filter run forwards then backwards over a run's
 * detections with time constant {@value #SMOOTHING_SECONDS} s, which takes out the detector's jitter of a
 * few pixels without lagging behind a moving head; it works in time, so it behaves the same at any
 * frame rate or detection interval. Immutable.
 */
public final class FaceTrack {
    static final double SMOOTHING_SECONDS = 0.15;

    private final List<Run> runs;

    FaceTrack(List<Run> runs) {
        this.runs = List.copyOf(runs);
    }

    /** The face box at {@code micros}, or null when no face is tracked then. */
    public FaceBox at(long micros) {
        for (Run run : runs) {
            if (run.covers(micros)) {
                return run.at(micros);
            }
        }
        return null;
    }

    /** The number of runs (stretches of video with the face followed). */
    public int runs() {
        return runs.size();
    }

    /** One run of detections: times in microseconds and smoothed boxes. */
    record Run(long[] times, FaceBox[] boxes, long hold) {
        static Run smoothed(List<Long> times, List<FaceBox> boxes, long hold) {
            int n = times.size();
            long[] t = times.stream().mapToLong(Long::longValue).toArray();
            double[][] v = new double[4][n];  // centre x, centre y, width, height
            for (int i = 0; i < n; i++) {
                FaceBox b = boxes.get(i);
                v[0][i] = b.centreX();
                v[1][i] = b.centreY();
                v[2][i] = b.width();
                v[3][i] = b.height();
            }
            for (double[] series : v) {
                smooth(series, t);
            }
            FaceBox[] out = new FaceBox[n];
            for (int i = 0; i < n; i++) {
                out[i] = new FaceBox(v[0][i] - v[2][i] / 2, v[1][i] - v[3][i] / 2, v[2][i], v[3][i]);
            }
            return new Run(t, out, hold);
        }

        /** Forward then backward exponential smoothing, the weight of each step set by its time gap. */
        private static void smooth(double[] x, long[] t) {
            for (int i = 1; i < x.length; i++) {
                x[i] += weight(t[i] - t[i - 1]) * (x[i - 1] - x[i]);
            }
            for (int i = x.length - 2; i >= 0; i--) {
                x[i] += weight(t[i + 1] - t[i]) * (x[i + 1] - x[i]);
            }
        }

        /** How much of the neighbour's value to take after {@code gap} microseconds. */
        private static double weight(long gap) {
            return Math.exp(-gap / (SMOOTHING_SECONDS * 1e6));
        }

        boolean covers(long micros) {
            return micros >= times[0] - hold && micros <= times[times.length - 1] + hold;
        }

        FaceBox at(long micros) {
            int k = Arrays.binarySearch(times, micros);
            if (k >= 0) {
                return boxes[k];
            }
            int after = -k - 1;
            if (after == 0) {
                return boxes[0];
            }
            if (after == times.length) {
                return boxes[times.length - 1];
            }
            double t = (micros - times[after - 1]) / (double) (times[after] - times[after - 1]);
            return boxes[after - 1].towards(boxes[after], t);
        }
    }
}
