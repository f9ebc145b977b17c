package io.github.logoformer.video;

/**
 * How a video becomes clips and a timeline.
 *
 * @param windowSeconds length of each clip window; the model's frames are sampled from the face frames of
 *     a window by the loaders' segment rule ({@link io.github.logoformer.data.FrameSampler#testIndices})
 * @param strideSeconds how far each window starts after the previous one (windows overlap when smaller
 *     than the window); a last window is aligned with the end of the video so that the tail is covered
 * @param detectEverySeconds video time between two detection runs (detection is the costly stage; the
 *     track interpolates between them), whatever the frame rate
 * @param maxGapSeconds the longest stretch without a detection that the track bridges; a longer one ends
 *     the track, and frames in it have no face
 * @param minFaceShare a window is predicted when the face is tracked in at least this share of its frames
 * @param cropMargin side of the square face crop over the side of the detector's box (1.3 makes crops
 *     that frame the face like DFEW's and FERV39K's: the whole head with a little background)
 * @param detectionSize frames are scaled down to this long side (pixels) before detection
 */
public record VideoOptions(double windowSeconds, double strideSeconds, double detectEverySeconds, double maxGapSeconds,
        double minFaceShare, double cropMargin, int detectionSize) {
    /** 2-s windows every second, detection every 0.1 s, gaps up to 1 s bridged, half the frames with a face. */
    public static final VideoOptions DEFAULT = new VideoOptions(2.0, 1.0, 0.1, 1.0, 0.5, 1.3, 320);

    public VideoOptions {
        positive("window", windowSeconds);
        positive("stride", strideSeconds);
        positive("detection interval", detectEverySeconds);
        positive("maximum gap", maxGapSeconds);
        if (!(minFaceShare > 0 && minFaceShare <= 1)) {
            throw new IllegalArgumentException("minimum face share: expected 0 < share <= 1, got " + minFaceShare);
        }
        if (!(cropMargin >= 1) || !Double.isFinite(cropMargin)) {
            throw new IllegalArgumentException("crop margin: expected a finite number >= 1, got " + cropMargin);
        }
        if (detectionSize < 48) {
            throw new IllegalArgumentException("detection size: expected >= 48 pixels, got " + detectionSize);
        }
    }

    /** These options with another window length and stride. */
    public VideoOptions withWindow(double window, double stride) {
        return new VideoOptions(window, stride, detectEverySeconds, maxGapSeconds, minFaceShare, cropMargin, detectionSize);
    }

    static long micros(double seconds) {
        return Math.round(seconds * 1e6);
    }

    private static void positive(String name, double seconds) {
        if (!(seconds > 0) || !Double.isFinite(seconds)) {
            throw new IllegalArgumentException(name + ": expected a finite number of seconds > 0, got " + seconds);
        }
    }
}
