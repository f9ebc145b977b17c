package io.github.logoformer.video;

import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * How a decoded frame must be turned to be shown upright. Phones store portrait video as landscape frames
 * plus a display matrix; FFmpeg reads its angle as degrees counter-clockwise ({@code av_display_rotation_get},
 * javacv's {@code getDisplayRotation()}: 90, 180 or -180, -90 for a typical portrait clip), and javacv hands
 * out the frames as stored. Flips (a mirrored display matrix) are not read.
 */
public enum DisplayRotation {
    NONE(0, -1),
    COUNTERCLOCKWISE_90(90, opencv_core.ROTATE_90_COUNTERCLOCKWISE),
    HALF_TURN(180, opencv_core.ROTATE_180),
    CLOCKWISE_90(270, opencv_core.ROTATE_90_CLOCKWISE);

    private final int degrees;
    private final int rotateCode;

    DisplayRotation(int degrees, int rotateCode) {
        this.degrees = degrees;
        this.rotateCode = rotateCode;
    }

    /** The rotation for a display-matrix angle in degrees counter-clockwise, rounded to a quarter turn. */
    public static DisplayRotation ofDegrees(double counterClockwise) {
        if (!Double.isFinite(counterClockwise)) {
            return NONE;
        }
        int quarter = (int) Math.floorMod(Math.round(counterClockwise / 90.0), 4L);
        return values()[quarter];
    }

    /** Degrees counter-clockwise, 0 to 270. */
    public int degrees() {
        return degrees;
    }

    /** Whether the upright frame swaps the stored width and height. */
    public boolean swapsSides() {
        return this == COUNTERCLOCKWISE_90 || this == CLOCKWISE_90;
    }

    /** The upright frame: {@code stored} itself when there is nothing to turn, else {@code scratch} filled. */
    public Mat upright(Mat stored, Mat scratch) {
        if (rotateCode < 0) {
            return stored;
        }
        opencv_core.rotate(stored, scratch, rotateCode);
        return scratch;
    }
}
