package io.github.logoformer.video;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The first pass over a video: every frame's timestamp, and the main face's track from detection runs
 * {@code detectEverySeconds} of video time apart. Keeps 8 bytes per frame and one box per detection; no
 * pixels outlive their frame.
 *
 * @param info what the file holds
 * @param timestamps each frame's time in microseconds, in decoding order
 * @param track the main face over time
 * @param detections detection runs made
 * @param hits detection runs that found the main face
 */
public record VideoScan(VideoInfo info, long[] timestamps, FaceTrack track, int detections, int hits) {
    /** Decodes {@code video} once and follows its main face. */
    static VideoScan of(Path video, FaceDetector detector, VideoOptions options, StageTimes.Clock clock) {
        long interval = VideoOptions.micros(options.detectEverySeconds());
        FaceTracker tracker = new FaceTracker(VideoOptions.micros(options.maxGapSeconds()), interval);
        long[] times = new long[256];
        int n = 0;
        try (VideoReader reader = VideoReader.open(video)) {
            long nextDetection = Long.MIN_VALUE;
            while (true) {
                long t0 = System.nanoTime();
                VideoReader.VideoFrame frame = reader.next();
                long t1 = System.nanoTime();
                clock.decode += t1 - t0;
                if (frame == null) {
                    break;
                }
                if (n == times.length) {
                    times = Arrays.copyOf(times, 2 * n);
                }
                times[n++] = frame.timestampMicros();
                if (frame.timestampMicros() >= nextDetection) {
                    tracker.detected(frame.timestampMicros(), detector.detect(frame.image()));
                    nextDetection = frame.timestampMicros() + interval;
                    clock.detect += System.nanoTime() - t1;
                }
            }
            long[] timestamps = Arrays.copyOf(times, n);
            long end = timestamps[n - 1] + (n > 1 ? Math.max(1, (timestamps[n - 1] - timestamps[0]) / (n - 1)) : 1);
            VideoInfo info = new VideoInfo(reader.format(), reader.codec(), reader.width(), reader.height(),
                    reader.rotation().degrees(), n, timestamps[0], end);
            return new VideoScan(info, timestamps, tracker.finish(), tracker.attempts(), tracker.hits());
        }
    }

    /** Whether each frame has the face tracked. */
    public boolean[] faceFrames() {
        boolean[] face = new boolean[timestamps.length];
        for (int i = 0; i < face.length; i++) {
            face[i] = track.at(timestamps[i]) != null;
        }
        return face;
    }
}
