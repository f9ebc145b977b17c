package io.github.logoformer.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Decodes a clip's sampled frames and turns them into model input: {@code F x 3 x S x S} floats,
 * normalised per channel with the ImageNet mean and standard deviation (the convention of the
 * ResNet-18 backbone, kept although no pretrained weights are bundled).
 *
 * <p>Training: one random resized crop (area 0.8 to 1 of the frame, aspect ratio 3/4
 * to 4/3) and one horizontal flip decision per clip, applied to every frame alike so that motion
 * between frames stays real. Test: the whole frame resized to S x S (DFEW and FERV39K frames are
 * already face crops). Resizing is bilinear.
 */
public final class ClipTransform {
    /** Smallest area share a training crop keeps (the main job's measurements: benchmarks/main-job/EXPERIMENTS.md 10). */
    static final double MIN_AREA = 0.8;
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    static {
        ImageIO.setUseCache(false);  // decode in memory; no temp files from worker threads
    }

    private final int size;

    /** @param size the model's frame side S */
    public ClipTransform(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size: expected >= 1, got " + size);
        }
        this.size = size;
    }

    public int size() {
        return size;
    }

    /**
     * Writes the frames {@code indices} of {@code clip} into {@code out} from {@code offset}
     * ({@code indices.length * 3 * S * S} floats, frame-major, then channel, row, column).
     *
     * @param random null for the test-time transform, else the source of the crop and flip
     * @throws DatasetException when a frame is missing or not a decodable image; names the frame and the list entry
     */
    public void apply(ClipRecord clip, int[] indices, Random random, float[] out, int offset) {
        Crop crop = null;
        BufferedImage previous = null;
        int previousIndex = -1;
        int frameFloats = 3 * size * size;
        for (int f = 0; f < indices.length; f++) {
            // Repeated indices (short clips) decode once.
            BufferedImage image = indices[f] == previousIndex ? previous : read(clip, indices[f]);
            if (crop == null) {
                crop = random == null ? Crop.whole(image) : Crop.random(image, random);
            }
            write(crop.render(image, size), out, offset + f * frameFloats);
            previous = image;
            previousIndex = indices[f];
        }
    }

    private static BufferedImage read(ClipRecord clip, int index) {
        Path file = clip.frames().get(index);
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new DatasetException(file, "cannot read frame " + (index + 1) + " of clip " + clip.id()
                    + " (listed at " + clip.source() + "): " + e.getMessage(), e);
        }
        if (image == null || image.getWidth() < 1 || image.getHeight() < 1) {
            throw new DatasetException(file, "not a decodable image: frame " + (index + 1) + " of clip " + clip.id()
                    + " (listed at " + clip.source() + ")");
        }
        return image;
    }

    private void write(BufferedImage frame, float[] out, int offset) {
        int[] rgb = frame.getRGB(0, 0, size, size, null, 0, size);
        int plane = size * size;
        for (int i = 0; i < plane; i++) {
            int p = rgb[i];
            out[offset + i] = (((p >> 16) & 0xff) / 255f - MEAN[0]) / STD[0];
            out[offset + plane + i] = (((p >> 8) & 0xff) / 255f - MEAN[1]) / STD[1];
            out[offset + 2 * plane + i] = ((p & 0xff) / 255f - MEAN[2]) / STD[2];
        }
    }

    /**
     * The inverse of the normalisation: frame {@code frame} of a transformed clip ({@link #apply}'s layout)
     * as an S x S RGB image, what the model saw.
     */
    public BufferedImage frameImage(float[] clipPixels, int frame) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        int plane = size * size, offset = frame * 3 * plane;
        for (int i = 0; i < plane; i++) {
            int r = channel(clipPixels[offset + i], 0), g = channel(clipPixels[offset + plane + i], 1),
                    b = channel(clipPixels[offset + 2 * plane + i], 2);
            image.setRGB(i % size, i / size, (r << 16) | (g << 8) | b);
        }
        return image;
    }

    private static int channel(float normalised, int c) {
        return Math.max(0, Math.min(255, Math.round((normalised * STD[c] + MEAN[c]) * 255)));
    }

    /** A source rectangle and whether to mirror it. */
    private record Crop(int x, int y, int width, int height, boolean flip) {
        static Crop whole(BufferedImage image) {
            return new Crop(0, 0, image.getWidth(), image.getHeight(), false);
        }

        static Crop random(BufferedImage image, Random random) {
            int w = image.getWidth(), h = image.getHeight();
            double area = w * (double) h * (MIN_AREA + (1 - MIN_AREA) * random.nextDouble());
            double aspect = Math.exp(Math.log(3.0 / 4) + (Math.log(4.0 / 3) - Math.log(3.0 / 4)) * random.nextDouble());
            int cw = (int) Math.min(w, Math.max(1, Math.round(Math.sqrt(area * aspect))));
            int ch = (int) Math.min(h, Math.max(1, Math.round(Math.sqrt(area / aspect))));
            return new Crop(random.nextInt(w - cw + 1), random.nextInt(h - ch + 1), cw, ch, random.nextBoolean());
        }

        BufferedImage render(BufferedImage image, int size) {
            BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = out.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            // Swapped destination x coordinates mirror the image.
            int dx1 = flip ? size : 0, dx2 = flip ? 0 : size;
            g.drawImage(image, dx1, 0, dx2, size, x, y, x + width, y + height, null);
            g.dispose();
            return out;
        }
    }

    /**
     * The test-time transform of one frame already in memory (a face crop cut from a video): the whole
     * frame resized to S x S and normalised, {@code 3 * S * S} floats written into {@code out} from {@code offset}.
     */
    public void testFrame(BufferedImage frame, float[] out, int offset) {
        write(Crop.whole(frame).render(frame, size), out, offset);
    }

    /** The test-time transform of the frames {@code indices} of one clip as a fresh array. */
    public float[] testClip(ClipRecord clip, int[] indices) {
        float[] out = new float[indices.length * 3 * size * size];
        apply(clip, indices, null, out, 0);
        return out;
    }

    /** How many floats one clip of {@code frames} frames takes. */
    public int clipFloats(int frames) {
        return frames * 3 * size * size;
    }
}
