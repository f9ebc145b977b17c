package io.github.logoformer.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

/** The crop square's geometry and what it shows past the frame's edge. */
class FaceCropperTest {
    @Test
    void theSquareIsTheMarginTimesTheSideMovedDownByTheDrop() {
        try (FaceCropper cropper = new FaceCropper(1.5, 16)) {
            FaceBox square = cropper.square(new FaceBox(10, 20, 30, 40));
            assertEquals(60, square.width(), 1e-9);
            assertEquals(60, square.height(), 1e-9);
            assertEquals(25, square.centreX(), 1e-9);
            assertEquals(40 + FaceCropper.DROP * 40, square.centreY(), 1e-9);
        }
    }

    @Test
    void partsOutsideTheFrameRepeatItsEdge() {
        // 30 x 20 BGR frame: red left half, blue right half.
        try (Mat frame = new Mat(20, 30, opencv_core.CV_8UC3, new Scalar(0, 0, 255, 0));
                Mat right = new Mat(frame, new Rect(15, 0, 15, 20));
                FaceCropper cropper = new FaceCropper(1.0, 9)) {
            right.put(new Scalar(255, 0, 0, 0));
            // A face box hanging 6 px off the left edge and 3 px off the bottom: the square is 12 px.
            BufferedImage crop = cropper.crop(frame, new FaceBox(-6, 11 - FaceCropper.DROP * 12, 12, 12));
            assertEquals(9, crop.getWidth());
            assertEquals(9, crop.getHeight());
            for (int y = 0; y < 9; y++) {
                for (int x = 0; x < 9; x++) {
                    assertEquals(0xff0000, crop.getRGB(x, y) & 0xffffff, "pixel " + x + ", " + y + ": the red edge, no black");
                }
            }
        }
    }
}
