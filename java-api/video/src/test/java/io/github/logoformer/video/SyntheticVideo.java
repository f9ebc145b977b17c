package io.github.logoformer.video;

import io.github.logoformer.data.Expression;
import io.github.logoformer.data.FacePose;
import io.github.logoformer.data.FaceRenderer;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Test videos written with the same FFmpeg presets the library reads with: scenes of one rendered face
 * ({@link FaceRenderer}, skin bright enough for the Haar cascade) pasted into a larger gradient picture,
 * swaying and changing expression, with the face's box known in every frame; stored rotated for a display
 * rotation tag, at jittered (variable) frame times.
 */
public final class SyntheticVideo {
    /** One upright frame and the rendered face's axis-aligned box (null when no face is drawn). */
    public record Scene(BufferedImage image, FaceBox face) {}

    /** A person in a scene: identity, expression, where the face square sits and how it is lit. */
    public static final class Person {
        private final FaceRenderer.Identity who;
        private final FacePose rest, apex;
        private final int width, height, faceSquare;
        private final double x0, y0, halfWidth, light, lightAngle;
        private final Color backgroundA, backgroundB;

        /** @param faceShare the face square's side over the frame's short side */
        public Person(Random r, int width, int height, double faceShare) {
            FaceRenderer.Identity random = FaceRenderer.Identity.random(r);
            float[] hsb = Color.RGBtoHSB(random.skin().getRed(), random.skin().getGreen(), random.skin().getBlue(), null);
            // Dark cartoon skin gives the cascade no eye contrast (the probe: 0 % found at brightness 0.3, 88 % at 0.9).
            who = new FaceRenderer.Identity(Color.getHSBColor(hsb[0], hsb[1], 0.9f), random.background(),
                    random.backgroundEnd(), random.features(), random.aspect(), random.eyeSpacing(), random.eyeSize(),
                    random.mouthHeight(), random.resting());
            Expression[] all = Expression.values();
            rest = FacePose.NEUTRAL.plus(who.resting());
            apex = FacePose.apex(all[r.nextInt(all.length)]).plus(who.resting());
            this.width = width;
            this.height = height;
            faceSquare = (int) Math.round(Math.min(width, height) * faceShare);
            x0 = 0.1 * faceSquare + r.nextDouble() * (width - 1.2 * faceSquare);
            y0 = 0.1 * faceSquare + r.nextDouble() * (height - 1.2 * faceSquare);
            halfWidth = 0.27 + 0.05 * r.nextDouble();
            light = 0.9 + 0.2 * r.nextDouble();
            lightAngle = 2 * Math.PI * r.nextDouble();
            backgroundA = Color.getHSBColor(r.nextFloat(), 0.3f * r.nextFloat(), 0.2f + 0.6f * r.nextFloat());
            backgroundB = Color.getHSBColor(r.nextFloat(), 0.3f * r.nextFloat(), 0.2f + 0.6f * r.nextFloat());
        }

        /** Frame {@code f} of {@code n}; {@code withFace} false draws the background alone. */
        public Scene frame(int f, int n, boolean withFace, Random noise) {
            BufferedImage scene = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = scene.createGraphics();
            g.setPaint(new GradientPaint(0, 0, backgroundA, width, height, backgroundB));
            g.fillRect(0, 0, width, height);
            if (!withFace) {
                g.dispose();
                return new Scene(scene, null);
            }
            double t = n <= 1 ? 1 : f / (double) (n - 1);
            FacePose pose = rest.towards(apex, Math.min(1, Math.max(0, 1.5 * t - 0.2)));
            double sway = Math.sin(2 * Math.PI * t);
            double roll = 0.03 * sway;
            var where = new FaceRenderer.Placement(0.5, 0.5, halfWidth, roll, light, lightAngle, 4);
            BufferedImage face = FaceRenderer.render(faceSquare, who, pose, where, noise);
            int px = (int) Math.round(x0 + 0.05 * faceSquare * sway), py = (int) Math.round(y0 + 0.03 * faceSquare * Math.cos(2 * Math.PI * t));
            g.drawImage(face, px, py, null);
            g.dispose();
            // The rolled ellipse's axis-aligned box.
            double a = halfWidth * faceSquare, b = halfWidth * who.aspect() * faceSquare;
            double ex = Math.hypot(a * Math.cos(roll), b * Math.sin(roll)), ey = Math.hypot(a * Math.sin(roll), b * Math.cos(roll));
            double cx = px + 0.5 * faceSquare, cy = py + 0.5 * faceSquare;
            return new Scene(scene, new FaceBox(cx - ex, cy - ey, 2 * ex, 2 * ey));
        }
    }

    private SyntheticVideo() {}

    /** Frame times in microseconds: from 0, each gap drawn uniformly from [minGap, maxGap]. */
    public static long[] jitteredTimes(int n, long minGapMicros, long maxGapMicros, Random r) {
        long[] t = new long[n];
        for (int i = 1; i < n; i++) {
            t[i] = t[i - 1] + minGapMicros + (long) (r.nextDouble() * (maxGapMicros - minGapMicros));
        }
        return t;
    }

    /** Renders {@code n} scenes of {@code person}; the face is drawn in the frames where {@code face[i]} is true. */
    public static List<Scene> scenes(Person person, int n, boolean[] face, long seed) {
        Random noise = new Random(seed);
        List<Scene> scenes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            scenes.add(person.frame(i, n, face == null || face[i], noise));
        }
        return scenes;
    }

    /**
     * Encodes upright {@code frames} at {@code timestamps} (microseconds; whole milliseconds survive exactly),
     * stored turned so that a player (and {@link VideoReader}) shows them upright under the display rotation
     * tag {@code displayRotation} (degrees counter-clockwise).
     *
     * @param format FFmpeg's muxer ("mp4", "matroska")
     * @param codec FFmpeg's encoder ("mpeg4", "mjpeg")
     */
    public static void write(Path file, String format, String codec, List<BufferedImage> frames, long[] timestamps,
            int displayRotation) throws Exception {
        DisplayRotation storing = DisplayRotation.ofDegrees(-displayRotation);
        int w = frames.get(0).getWidth(), h = frames.get(0).getHeight();
        int storedW = storing.swapsSides() ? h : w, storedH = storing.swapsSides() ? w : h;
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), storedW, storedH, 0);
                Java2DFrameConverter java2d = new Java2DFrameConverter();
                OpenCVFrameConverter.ToMat toMat = new OpenCVFrameConverter.ToMat();
                OpenCVFrameConverter.ToMat toFrame = new OpenCVFrameConverter.ToMat();
                Mat turned = new Mat()) {
            recorder.setFormat(format);
            recorder.setVideoCodecName(codec);
            recorder.setPixelFormat(codec.equals("mjpeg") ? avutil.AV_PIX_FMT_YUVJ420P : avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(1000);  // a 1 ms time base, so that jittered times are kept
            recorder.setVideoBitrate(2_000_000);
            if (displayRotation != 0) {
                recorder.setDisplayRotation(displayRotation);
            }
            recorder.start();
            for (int i = 0; i < frames.size(); i++) {
                Mat upright = toMat.convert(java2d.convert(frames.get(i)));
                recorder.setTimestamp(timestamps[i]);
                recorder.record(toFrame.convert(storing.upright(upright, turned)));
            }
            recorder.stop();
        }
    }

    /** The images of {@code scenes}. */
    public static List<BufferedImage> images(List<Scene> scenes) {
        return scenes.stream().map(Scene::image).toList();
    }
}
