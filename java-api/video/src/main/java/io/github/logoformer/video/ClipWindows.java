package io.github.logoformer.video;

import io.github.logoformer.data.FrameSampler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Cuts a video's frames into the windows of its timeline. Windows of {@code window} microseconds start
 * every {@code stride}; a last window ends with the video so that no tail is left out; a video shorter
 * than one window is one window. A window is
 * predicted when the face is tracked in at least {@code minFaceShare} of its frames; the model's frames
 * are then chosen among those face frames by {@link FrameSampler#testIndices} (the loaders' test-time
 * rule: centred pairs in equal segments; fewer face frames than the model takes are repeated in order).
 */
public final class ClipWindows {
    private ClipWindows() {}

    /**
     * @param timestamps frame times in microseconds, not decreasing
     * @param hasFace whether each frame has the face tracked
     * @param end when the video ends (after its last frame's timestamp: {@link VideoInfo#endMicros})
     */
    public static List<ClipWindow> cut(long[] timestamps, boolean[] hasFace, long end, long window, long stride,
            FrameSampler sampler, double minFaceShare) {
        int n = timestamps.length;
        if (n == 0 || hasFace.length != n || end <= timestamps[n - 1]) {
            throw new IllegalArgumentException("clip windows: expected >= 1 frame, one face flag per frame and an end after "
                    + "the last frame, got " + n + " frames, " + hasFace.length + " flags, end " + end + " us");
        }
        long first = timestamps[0];
        List<long[]> spans = new ArrayList<>();
        if (end - first <= window) {
            spans.add(new long[] {first, end});
        } else {
            long start = first;
            for (; start + window <= end; start += stride) {
                spans.add(new long[] {start, start + window});
            }
            if (spans.get(spans.size() - 1)[1] < end) {
                spans.add(new long[] {end - window, end});
            }
        }
        int[] faceBefore = new int[n + 1];  // face frames before frame i
        for (int i = 0; i < n; i++) {
            faceBefore[i + 1] = faceBefore[i] + (hasFace[i] ? 1 : 0);
        }
        List<ClipWindow> windows = new ArrayList<>();
        for (long[] span : spans) {
            int from = firstAtOrAfter(timestamps, span[0]), to = firstAtOrAfter(timestamps, span[1]);
            int frames = to - from, faces = faceBefore[to] - faceBefore[from];
            int[] sampled = null;
            if (faces > 0 && faces >= minFaceShare * frames) {
                int[] faceFrames = new int[faces];
                for (int i = from, k = 0; i < to; i++) {
                    if (hasFace[i]) {
                        faceFrames[k++] = i;
                    }
                }
                sampled = Arrays.stream(sampler.testIndices(faces)).map(i -> faceFrames[i]).toArray();
            }
            windows.add(new ClipWindow(windows.size(), span[0], span[1], from, frames, faces, sampled));
        }
        return windows;
    }

    /**
     * The predicted window to explain at {@code micros}: of the predicted windows that contain it, the one
     * whose centre is nearest (the earlier on a tie), as windows overlap when the stride is shorter than them.
     */
    public static Optional<ClipWindow> predictedAt(List<ClipWindow> windows, long micros) {
        return windows.stream().filter(w -> w.predicted() && w.contains(micros))
                .min(Comparator.comparingLong(w -> Math.abs(w.centreMicros() - micros)));
    }

    /** The index of the first timestamp >= t (n when none). */
    private static int firstAtOrAfter(long[] timestamps, long t) {
        int lo = 0, hi = timestamps.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (timestamps[mid] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
