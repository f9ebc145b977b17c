package io.github.logoformer.video;

/**
 * Where a prediction spent its time, in seconds of the calling thread's wall clock: decoding (every pass,
 * with the rotation and pixel conversion), face detection, cropping and the input transform, the model.
 * Divide by the video's duration for the cost per second of video.
 */
public record StageTimes(double decodeSeconds, double detectSeconds, double cropSeconds, double predictSeconds) {
    /** Accumulates nanoseconds per stage during one prediction. */
    static final class Clock {
        long decode, detect, crop, predict;

        StageTimes times() {
            return new StageTimes(decode / 1e9, detect / 1e9, crop / 1e9, predict / 1e9);
        }
    }
}
