package io.github.logoformer.data;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.GeneralPath;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.QuadCurve2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * Draws one synthetic face frame with Java2D: a background gradient, an elliptic face, eyes with
 * pupils, brows, a nose and a mouth shaped by a {@link FacePose}, under a head placement (position,
 * scale, roll), a lighting ramp and pixel noise. Face features are drawn in face units (the face's
 * half-width is 1) through one affine transform, so every size scales with the head.
 */
public final class FaceRenderer {
    private FaceRenderer() {}

    /** Who is drawn: fixed for a clip. */
    public record Identity(Color skin, Color background, Color backgroundEnd, Color features, double aspect,
            double eyeSpacing, double eyeSize, double mouthHeight, FacePose resting) {
        /** A random person: skin and background colours, face proportions and resting-face offsets. */
        public static Identity random(Random r) {
            float hue = 0.03f + 0.07f * r.nextFloat();
            Color skin = Color.getHSBColor(hue, 0.25f + 0.45f * r.nextFloat(), 0.35f + 0.6f * r.nextFloat());
            Color background = Color.getHSBColor(r.nextFloat(), 0.1f + 0.5f * r.nextFloat(), 0.15f + 0.8f * r.nextFloat());
            Color backgroundEnd = Color.getHSBColor(r.nextFloat(), 0.1f + 0.5f * r.nextFloat(), 0.15f + 0.8f * r.nextFloat());
            Color features = Color.getHSBColor(hue, 0.5f, 0.08f + 0.2f * r.nextFloat());
            // Resting offsets make a single frame ambiguous (a resting frown is not sadness): the
            // change over the clip is the reliable cue.
            FacePose resting = new FacePose(gauss(r, 0.2), 0, gauss(r, 0.06), 0, gauss(r, 0.2), gauss(r, 0.2), gauss(r, 0.1));
            return new Identity(skin, background, backgroundEnd, features, 1.15 + 0.25 * r.nextDouble(),
                    0.36 + 0.08 * r.nextDouble(), 0.8 + 0.4 * r.nextDouble(), 0.42 + 0.1 * r.nextDouble(), resting);
        }

        private static double gauss(Random r, double sigma) {
            return sigma * r.nextGaussian();
        }
    }

    /** Where the head is in one frame and how it is lit. */
    public record Placement(double centreX, double centreY, double halfWidth, double roll, double light,
            double lightAngle, double noise) {}

    /**
     * One {@code size} x {@code size} RGB frame; {@code noise} draws the pixel noise (3 Gaussians a pixel:
     * pass a {@link java.util.SplittableRandom}, whose Gaussians cost a tenth of {@link Random}'s).
     */
    public static BufferedImage render(int size, Identity who, FacePose pose, Placement where, RandomGenerator noise) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setPaint(new GradientPaint(0, 0, who.background(), size, size, who.backgroundEnd()));
        g.fillRect(0, 0, size, size);

        g.translate(where.centreX() * size, where.centreY() * size);
        g.rotate(where.roll());
        double unit = where.halfWidth() * size;
        g.scale(unit, unit);
        drawFace(g, who, pose);
        g.dispose();
        light(image, where, noise);
        return image;
    }

    /**
     * Where the parts of a face that {@link #render} draws lie in its frame, in pixels (x right, y down, the
     * frame's corner at 0, 0): the face ellipse, both eyes (their whites), both brows and the mouth (its
     * stroke and, when open, the opening), each as drawn, stroke widths included. Pixels outside
     * {@code face} are background.
     */
    public record Regions(Shape face, Shape eyes, Shape brows, Shape mouth) {}

    /** The regions of the frame {@code render(size, who, pose, where, ...)} draws. */
    public static Regions regions(int size, Identity who, FacePose pose, Placement where) {
        AffineTransform toFrame = new AffineTransform();
        toFrame.translate(where.centreX() * size, where.centreY() * size);
        toFrame.rotate(where.roll());
        double unit = where.halfWidth() * size;
        toFrame.scale(unit, unit);
        Parts parts = Parts.of(who, pose);
        Path2D eyes = new Path2D.Double(), brows = new Path2D.Double();
        for (int side = 0; side < 2; side++) {
            eyes.append(parts.eyeWhites()[side], false);
            brows.append(BROW.createStrokedShape(parts.brows()[side]), false);
        }
        Area mouth = new Area(MOUTH.createStrokedShape(parts.mouth()));
        if (parts.mouthOpen()) {
            mouth.add(new Area(parts.mouth()));
        }
        return new Regions(toFrame.createTransformedShape(parts.face()), toFrame.createTransformedShape(eyes),
                toFrame.createTransformedShape(brows), toFrame.createTransformedShape(mouth));
    }

    private static final BasicStroke BROW = new BasicStroke(0.09f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    private static final BasicStroke NOSE = new BasicStroke(0.05f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    private static final BasicStroke MOUTH = new BasicStroke(0.07f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);

    /** A face's shapes in face units (half-width 1, centre 0): one source for drawing it and for its {@link Regions}. */
    private record Parts(Shape face, Shape[] eyeWhites, Shape[] pupils, Shape[] brows, Shape[] nose, Shape mouth,
            boolean mouthOpen) {
        static Parts of(Identity who, FacePose pose) {
            double a = who.aspect();
            double eyeY = -0.22 * a, eyeW = 0.34 * who.eyeSize(), eyeH = Math.max(0.02, 0.2 * who.eyeSize() * pose.eyeOpen());
            double pupil = Math.min(eyeH, 0.13 * who.eyeSize());
            Shape[] whites = new Shape[2], pupils = new Shape[2], brows = new Shape[2];
            for (int side = -1; side <= 1; side += 2) {
                double ex = side * who.eyeSpacing();
                whites[(side + 1) / 2] = new Ellipse2D.Double(ex - eyeW / 2, eyeY - eyeH / 2, eyeW, eyeH);
                pupils[(side + 1) / 2] = new Ellipse2D.Double(ex - pupil / 2, eyeY - pupil / 2, pupil, pupil);
                // Brow: inner end at x = side * 0.12, outer end further out; tilt moves the inner end.
                double browY = eyeY - 0.22 - 0.2 * pose.browRaise();
                double inner = browY - 0.12 * pose.browTilt(), outer = browY + 0.05 * pose.browTilt();
                brows[(side + 1) / 2] = new Line2D.Double(side * 0.14, inner, side * (who.eyeSpacing() + 0.24), outer);
            }

            Shape bridge = new Line2D.Double(0, -0.08 * a, -0.05, 0.15 * a);
            Shape[] nose = pose.sneer() > 0.05  // nose wrinkle of disgust
                    ? new Shape[] {bridge, new Line2D.Double(-0.18, 0.02 * a, -0.1, 0.12 * a + 0.05 * pose.sneer())}
                    : new Shape[] {bridge};

            double mouthY = who.mouthHeight() * a, halfWidth = 0.32 * pose.mouthWidth();
            double curve = 0.25 * pose.mouthCurve(), open = 0.28 * Math.max(0, pose.mouthOpen());
            double leftY = mouthY - curve - 0.12 * pose.sneer(), rightY = mouthY - curve;
            Shape mouth;
            if (open > 0.01) {
                GeneralPath opening = new GeneralPath();
                opening.moveTo(-halfWidth, leftY);
                opening.quadTo(0, mouthY + curve - open / 2 - 0.1 * pose.sneer(), halfWidth, rightY);
                opening.quadTo(0, mouthY + curve + open, -halfWidth, leftY);
                opening.closePath();
                mouth = opening;
            } else {
                mouth = new QuadCurve2D.Double(-halfWidth, leftY, 0, mouthY + curve, halfWidth, rightY);
            }
            return new Parts(new Ellipse2D.Double(-1, -a, 2, 2 * a), whites, pupils, brows, nose, mouth, open > 0.01);
        }
    }

    private static void drawFace(Graphics2D g, Identity who, FacePose pose) {
        Parts parts = Parts.of(who, pose);
        g.setColor(who.skin());
        g.fill(parts.face());
        for (int side = 0; side < 2; side++) {
            g.setColor(Color.WHITE);
            g.fill(parts.eyeWhites()[side]);
            g.setColor(who.features());
            g.fill(parts.pupils()[side]);
            g.setStroke(BROW);
            g.draw(parts.brows()[side]);
        }
        g.setStroke(NOSE);
        for (Shape line : parts.nose()) {
            g.draw(line);
        }
        if (parts.mouthOpen()) {
            g.setColor(new Color(70, 10, 20));
            g.fill(parts.mouth());
            g.setColor(who.features());
        }
        g.setStroke(MOUTH);
        g.draw(parts.mouth());
    }

    /** Multiplies by a brightness ramp along lightAngle and adds Gaussian pixel noise. */
    private static void light(BufferedImage image, Placement where, RandomGenerator noise) {
        int size = image.getWidth();
        // The pixels themselves (TYPE_INT_RGB: 0xRRGGBB): getRGB/setRGB convert each one through the colour model.
        int[] rgb = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        double dx = Math.cos(where.lightAngle()), dy = Math.sin(where.lightAngle());
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double ramp = where.light() * (1 + 0.35 * ((x - size / 2.0) * dx + (y - size / 2.0) * dy) / size);
                int p = rgb[y * size + x];
                int r = channel(((p >> 16) & 0xff) * ramp + where.noise() * noise.nextGaussian());
                int gr = channel(((p >> 8) & 0xff) * ramp + where.noise() * noise.nextGaussian());
                int b = channel((p & 0xff) * ramp + where.noise() * noise.nextGaussian());
                rgb[y * size + x] = (r << 16) | (gr << 8) | b;
            }
        }
    }

    private static int channel(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
