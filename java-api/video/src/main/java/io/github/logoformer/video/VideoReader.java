package io.github.logoformer.video;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Streams the frames of a video file upright, in presentation order, with their timestamps, through
 * FFmpeg (javacv's {@link FFmpegFrameGrabber}, bytedeco's LGPL build: no system FFmpeg). One frame is in
 * memory at a time. Timestamps come from each frame, so variable frame rates are exact; the container's
 * frame count and rate are never trusted (Matroska reports its time base as the rate). The display
 * rotation is applied ({@link DisplayRotation}).
 *
 * <p>Problems become {@link VideoException}s with one line: no such file, a directory, an empty file, not
 * a video (with FFmpeg's reason), a still image, no video stream, no decodable frame, or an error that
 * FFmpeg reported while reading (a truncated or corrupt file), with the count of frames read before it.
 *
 * <p>Never calls {@code FFmpegFrameGrabber.tryLoad()}: it loads avdevice too, whose library needs
 * {@code libpulse.so.0}, which bytedeco's jar does not ship and many machines lack; the grabber itself
 * needs only avformat, avcodec and swscale, loaded here. The decoder runs on the calling thread
 * ({@code threads=1}) so that {@link FfmpegLog} sees its errors and concurrent readers do not
 * oversubscribe the cores. Not thread-safe: one reader per thread.
 */
public final class VideoReader implements AutoCloseable {
    /** javacv's message carries the code: "avformat_open_input() error -1094995529: Could not open ...". */
    private static final Pattern ERROR_CODE = Pattern.compile("error (-?\\d+)");

    static {
        try {
            Loader.load(avformat.class);
            Loader.load(swscale.class);
        } catch (UnsatisfiedLinkError e) {
            throw new IllegalStateException("FFmpeg's native libraries do not load (org.bytedeco:ffmpeg:"
                    + "linux-x86_64 on the class path?): " + e.getMessage(), e);
        }
    }

    /** One decoded frame; {@link #image} is the reader's buffer, valid until the next {@link #next()}. */
    public record VideoFrame(int index, long timestampMicros, Mat image) {}

    private final Path video;
    private final FFmpegFrameGrabber grabber;
    private final Mat rotated = new Mat();
    private Mat stored = new Mat();
    private final DisplayRotation rotation;
    private int framesRead;
    private long lastTimestamp = Long.MIN_VALUE;

    private VideoReader(Path video, FFmpegFrameGrabber grabber, DisplayRotation rotation) {
        this.video = video;
        this.grabber = grabber;
        this.rotation = rotation;
    }

    /** Opens {@code video} and checks that it holds a video stream. */
    public static VideoReader open(Path video) {
        if (!Files.exists(video)) {
            throw new VideoException(video, "no such file");
        }
        if (Files.isDirectory(video)) {
            throw new VideoException(video, "a directory, not a video file");
        }
        if (!Files.isReadable(video)) {
            throw new VideoException(video, "not readable");
        }
        try {
            if (Files.size(video) == 0) {
                throw new VideoException(video, "empty file (0 bytes)");
            }
        } catch (java.io.IOException e) {
            throw new VideoException(video, "cannot read its size (" + e.getMessage() + ")", e);
        }
        FfmpegLog.clear();
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
        grabber.setVideoOption("threads", "1");
        grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        try {
            grabber.start();
        } catch (FrameGrabber.Exception e) {
            close(grabber);
            throw new VideoException(video, "not a readable video (" + reason(e) + ")", e);
        }
        String format = grabber.getFormat();
        String problem = null;
        if (!grabber.hasVideo()) {
            problem = "no video stream (" + (grabber.hasAudio() ? "audio only" : "no audio either") + ", format " + format + ")";
        } else if (format != null && (format.endsWith("_pipe") || format.equals("image2"))) {
            problem = "a still image (" + format + "), not a video";
        }
        if (problem != null) {
            close(grabber);
            throw new VideoException(video, problem);
        }
        return new VideoReader(video, grabber, DisplayRotation.ofDegrees(grabber.getDisplayRotation()));
    }

    public Path video() {
        return video;
    }

    public DisplayRotation rotation() {
        return rotation;
    }

    /** Upright frame width. */
    public int width() {
        return rotation.swapsSides() ? grabber.getImageHeight() : grabber.getImageWidth();
    }

    /** Upright frame height. */
    public int height() {
        return rotation.swapsSides() ? grabber.getImageWidth() : grabber.getImageHeight();
    }

    /** The container format as FFmpeg names it ("mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm", ...). */
    public String format() {
        return grabber.getFormat();
    }

    public String codec() {
        return grabber.getVideoCodecName();
    }

    /** The frame rate the container states (informative only: frames carry their own timestamps). */
    public double statedFrameRate() {
        return grabber.getVideoFrameRate();
    }

    /** Frames returned so far. */
    public int framesRead() {
        return framesRead;
    }

    /**
     * The next frame upright, or null at the end of the stream.
     *
     * @throws VideoException when FFmpeg cannot decode the stream or reported an error (truncated or corrupt file)
     */
    public VideoFrame next() {
        Frame frame;
        try {
            frame = grabber.grabImage();
        } catch (FrameGrabber.Exception e) {
            throw new VideoException(video, "corrupt video: " + reason(e) + " after " + framesRead + " frames", e);
        }
        if (frame == null) {
            String error = FfmpegLog.lastError();
            if (framesRead == 0) {
                throw new VideoException(video, "no decodable video frames" + (error != null ? " (" + error + ")" : ""));
            }
            if (error != null) {
                throw new VideoException(video, "truncated or corrupt video: FFmpeg reported '" + error + "' while reading "
                        + framesRead + " frames");
            }
            return null;
        }
        // Presentation order; a timestamp that goes back (broken muxers) is held so windows stay ordered.
        lastTimestamp = Math.max(lastTimestamp, frame.timestamp);
        // The frame's own row stride: javacv's converters derive the channel count from it (stride / width),
        // which says 4 for BGR rows padded to 64 bytes in narrow frames (48 px: 144 -> 192 bytes).
        stored.close();
        stored = new Mat(frame.imageHeight, frame.imageWidth, opencv_core.CV_8UC3, new BytePointer((ByteBuffer) frame.image[0]),
                frame.imageStride);
        Mat image = rotation.upright(stored, rotated);
        return new VideoFrame(framesRead++, lastTimestamp, image);
    }

    @Override
    public void close() {
        close(grabber);
        rotated.close();
        stored.close();
    }

    private static void close(FFmpegFrameGrabber grabber) {
        try {
            grabber.close();
        } catch (FrameGrabber.Exception e) {
            // Releasing after a failure: the failure is what the caller hears about.
        }
    }

    /** FFmpeg's text for the code in javacv's message, plus FFmpeg's last logged error. */
    private static String reason(Exception e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        Matcher code = ERROR_CODE.matcher(message);
        String text = code.find() ? FfmpegLog.describe(Integer.parseInt(code.group(1))) : message;
        String logged = FfmpegLog.lastError();
        return logged == null || logged.equals(text) ? text : text + "; " + logged;
    }
}
