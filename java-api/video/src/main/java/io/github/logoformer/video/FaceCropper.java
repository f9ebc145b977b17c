package io.github.logoformer.video;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Cuts the square face crop a model sees, the way DFEW's and FERV39K's face crops frame a face: a square
 * of {@code margin} times the face box's side, centred on the box moved down by {@value #DROP} of its
 * height (the Haar cascade's box sits that much above the middle of the face: measured against rendered
 * faces, it covers brows to mouth), resized to {@code size} pixels (area averaging when shrinking).
 * Parts of the square outside the frame repeat the frame's edge pixels, as a crop near the border of a
 * DFEW frame does not show black bars. Not thread-safe (scratch buffers): one per thread.
 */
public final class FaceCropper implements AutoCloseable {
    static final double DROP = 0.06;

    private final double margin;
    private final int size;
    private final Mat padded = new Mat(), resized = new Mat();

    public FaceCropper(double margin, int size) {
        if (!(margin >= 1) || size < 1) {
            throw new IllegalArgumentException("face crop: expected margin >= 1 and size >= 1, got " + margin + " and " + size);
        }
        this.margin = margin;
        this.size = size;
    }

    /** The square that {@link #crop} cuts for {@code face}, in frame pixels (it may extend past the frame). */
    public FaceBox square(FaceBox face) {
        return FaceBox.square(face.centreX(), face.centreY() + DROP * face.height(), margin * face.side());
    }

    /** The crop of {@code face} from the upright BGR frame, {@code size} x {@code size}, as a new image. */
    public BufferedImage crop(Mat bgr, FaceBox face) {
        FaceBox square = square(face);
        int side = Math.max(1, (int) Math.round(square.width()));
        int x = (int) Math.round(square.x()), y = (int) Math.round(square.y());
        int left = Math.max(0, -x), top = Math.max(0, -y);
        int right = Math.max(0, x + side - bgr.cols()), bottom = Math.max(0, y + side - bgr.rows());
        Mat source = bgr;
        if (left + top + right + bottom > 0) {
            opencv_core.copyMakeBorder(bgr, padded, top, bottom, left, right, opencv_core.BORDER_REPLICATE);
            source = padded;
        }
        try (Rect roi = new Rect(x + left, y + top, side, side); Mat view = new Mat(source, roi);
                Size target = new Size(size, size)) {
            opencv_imgproc.resize(view, resized, target, 0, 0, side > size ? opencv_imgproc.INTER_AREA : opencv_imgproc.INTER_LINEAR);
        }
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_3BYTE_BGR);
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        resized.data().get(pixels);  // both BGR, rows packed: resize writes a continuous Mat
        return image;
    }

    @Override
    public void close() {
        padded.close();
        resized.close();
    }
}
