package io.github.logoformer.video;

/**
 * One window of a video's timeline.
 *
 * @param index position in the timeline, from 0
 * @param startMicros start time (inclusive) in the stream's microseconds
 * @param endMicros end time (exclusive)
 * @param firstFrame the first frame in the window (decoding order, from 0)
 * @param frames how many frames lie in the window
 * @param faceFrames how many of them have the face tracked
 * @param sampled the frames the model sees (the loaders' test-time segment rule over the face frames), or
 *     null when too few frames have a face and the window is not predicted
 */
public record ClipWindow(int index, long startMicros, long endMicros, int firstFrame, int frames, int faceFrames,
        int[] sampled) {
    public boolean predicted() {
        return sampled != null;
    }

    public double startSeconds() {
        return startMicros / 1e6;
    }

    public double endSeconds() {
        return endMicros / 1e6;
    }

    /** Whether {@code micros} lies in the window. */
    public boolean contains(long micros) {
        return micros >= startMicros && micros < endMicros;
    }

    /** The middle of the window in microseconds. */
    public long centreMicros() {
        return (startMicros + endMicros) / 2;
    }
}
