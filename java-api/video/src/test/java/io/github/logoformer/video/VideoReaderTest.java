package io.github.logoformer.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Decoding round trips through the same FFmpeg presets: frame count, variable frame times, the display rotation. */
class VideoReaderTest {
    @TempDir
    Path dir;

    /** Upright 48 x 64 frames: grey, with a white block in the top-left corner that shows which way is up. */
    private static List<BufferedImage> markedFrames(int n) {
        List<BufferedImage> frames = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BufferedImage image = new BufferedImage(48, 64, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = image.createGraphics();
            g.setColor(new Color(90, 90, 90));
            g.fillRect(0, 0, 48, 64);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, 16, 16);
            g.dispose();
            frames.add(image);
        }
        return frames;
    }

    private static double brightness(Mat image, int x, int y) {
        try (var pixel = new Mat(image, new org.bytedeco.opencv.opencv_core.Rect(x, y, 1, 1)); Scalar mean = org.bytedeco.opencv.global.opencv_core.mean(pixel)) {
            return (mean.get(0) + mean.get(1) + mean.get(2)) / 3;
        }
    }

    @ParameterizedTest(name = "{0} {1}, display rotation {2}")
    @CsvSource({"mp4, mpeg4, 0", "mp4, mpeg4, 90", "mp4, mpeg4, 180", "mp4, mpeg4, -90", "matroska, mjpeg, -90"})
    void framesComeBackUprightWithTheirVariableTimes(String format, String codec, int rotation) throws Exception {
        int n = 12;
        long[] times = SyntheticVideo.jitteredTimes(n, 20_000, 90_000, new Random(rotation + 7));
        for (int i = 0; i < n; i++) {
            times[i] = times[i] / 1000 * 1000;  // whole milliseconds: the file's time base
        }
        Path file = dir.resolve("marked." + (format.equals("mp4") ? "mp4" : "mkv"));
        SyntheticVideo.write(file, format, codec, markedFrames(n), times, rotation);
        try (VideoReader reader = VideoReader.open(file)) {
            assertEquals(DisplayRotation.ofDegrees(rotation), reader.rotation());
            assertEquals(48, reader.width());
            assertEquals(64, reader.height());
            for (int i = 0; i < n; i++) {
                VideoReader.VideoFrame frame = reader.next();
                assertEquals(i, frame.index());
                assertEquals(times[i], frame.timestampMicros(), 1000, "frame " + i + " time");
                assertEquals(48, frame.image().cols());
                assertEquals(64, frame.image().rows());
                assertTrue(brightness(frame.image(), 4, 4) > 200 && brightness(frame.image(), 43, 59) < 130,
                        "frame " + i + ": the white block is top-left after turning by " + reader.rotation());
            }
            assertEquals(null, reader.next());
            assertEquals(n, reader.framesRead());
        }
    }

    @Test
    void rotationTagsMapToQuarterTurnsCounterClockwise() {
        assertEquals(DisplayRotation.NONE, DisplayRotation.ofDegrees(0));
        assertEquals(DisplayRotation.COUNTERCLOCKWISE_90, DisplayRotation.ofDegrees(90));
        assertEquals(DisplayRotation.HALF_TURN, DisplayRotation.ofDegrees(180));
        assertEquals(DisplayRotation.HALF_TURN, DisplayRotation.ofDegrees(-180));
        assertEquals(DisplayRotation.CLOCKWISE_90, DisplayRotation.ofDegrees(-90));
        assertEquals(DisplayRotation.CLOCKWISE_90, DisplayRotation.ofDegrees(270));
        assertEquals(DisplayRotation.NONE, DisplayRotation.ofDegrees(360.4));
        assertEquals(DisplayRotation.NONE, DisplayRotation.ofDegrees(Double.NaN));
    }
}
