package io.github.logoformer.video;

import io.github.logoformer.eval.Evaluator;
import io.github.logoformer.run.AtomicFiles;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * The video again, upright, with the tracked face box and the label shown at each moment drawn on every
 * frame (the predicted window containing the frame whose centre is nearest; see
 * {@link VideoPrediction#at}), written as MPEG-4 Part 2 in an MP4 container: an encoder of the LGPL
 * FFmpeg build (H.264 would need the GPL build), readable by every player. Frames keep their timestamps
 * (a 1 ms time base), so variable frame rates survive; the audio is not copied. The file is written
 * atomically.
 */
public final class AnnotatedVideo {
    private static final Scalar FACE = new Scalar(80, 220, 80, 0), TEXT = new Scalar(255, 255, 255, 0),
            SHADOW = new Scalar(0, 0, 0, 0);

    private AnnotatedVideo() {}

    /** Decodes {@code prediction.video()} once more and writes the annotated copy to {@code out}. */
    public static void write(VideoPrediction prediction, Path out) {
        Path video = prediction.video();
        AtomicFiles.write(out, file -> {
            try (VideoReader reader = VideoReader.open(video);
                    FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), reader.width(), reader.height(), 0);
                    OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
                recorder.setFormat("mp4");
                recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
                recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                recorder.setFrameRate(1000);  // a 1 ms time base: each frame keeps its own timestamp
                recorder.setVideoBitrate((int) Math.min(20_000_000L, Math.max(1_000_000L, 4L * reader.width() * reader.height())));
                recorder.start();
                long lastMillis = -1;
                for (VideoReader.VideoFrame frame; (frame = reader.next()) != null; ) {
                    draw(frame.image(), prediction, frame.timestampMicros());
                    // The encoder needs strictly increasing times: frames closer than 1 ms move up by 1 ms.
                    lastMillis = Math.max(lastMillis + 1, Math.round((frame.timestampMicros() - prediction.info().firstMicros()) / 1e3));
                    recorder.setTimestamp(lastMillis * 1000);
                    recorder.record(converter.convert(frame.image()));
                }
                recorder.stop();
            }
        });
    }

    private static void draw(Mat image, VideoPrediction prediction, long micros) {
        // At least 2 pixels: 4:2:0 chroma (one colour sample per 2 x 2 pixels) washes a 1-pixel green line out.
        int thickness = Math.max(2, Math.min(image.cols(), image.rows()) / 200);
        double textScale = Math.max(0.4, Math.min(image.cols(), image.rows()) / 600.0);
        FaceBox face = prediction.track().at(micros);
        if (face != null) {
            try (Rect box = new Rect((int) Math.round(face.x()), (int) Math.round(face.y()), (int) Math.round(face.width()),
                    (int) Math.round(face.height()))) {
                opencv_imgproc.rectangle(image, box, FACE, thickness, opencv_imgproc.LINE_AA, 0);
            }
        }
        WindowPrediction shown = prediction.at(micros);
        String text = String.format(Locale.ROOT, "%.2f s  ", micros / 1e6) + (shown == null ? "no prediction"
                : String.format(Locale.ROOT, "%s %.0f%%", shown.label(prediction.classes()),
                        100 * shown.probabilities()[Evaluator.argmax(shown.probabilities())]));
        int baseline = (int) Math.round(30 * textScale) + 4;
        try (Point shadow = new Point(9, baseline + 1); Point at = new Point(8, baseline)) {
            opencv_imgproc.putText(image, text, shadow, opencv_imgproc.FONT_HERSHEY_SIMPLEX, textScale, SHADOW, thickness + 2,
                    opencv_imgproc.LINE_AA, false);
            opencv_imgproc.putText(image, text, at, opencv_imgproc.FONT_HERSHEY_SIMPLEX, textScale, TEXT, thickness,
                    opencv_imgproc.LINE_AA, false);
        }
    }
}
