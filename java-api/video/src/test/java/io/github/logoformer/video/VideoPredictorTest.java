package io.github.logoformer.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.eval.ClipInput;
import io.github.logoformer.eval.Predictor;
import io.github.logoformer.explain.Explanation;
import io.github.logoformer.nn.Precision;
import io.github.logoformer.run.JsonFiles;
import io.github.logoformer.train.Checkpoint;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rendered face video (portrait, stored turned under a -90 degree display rotation tag, variable frame
 * rate, MPEG-4 in MP4) through a checkpoint trained here: decoding, tracking against the rendered face,
 * windows, probabilities, the same numbers as the clip predictor on the same crops, concurrent calls,
 * the timeline files and the annotated video.
 */
class VideoPredictorTest {
    private static final VideoOptions OPTIONS = VideoOptions.DEFAULT.withWindow(1.0, 0.5);
    private static final int FRAMES = 36, WIDTH = 360, HEIGHT = 480;

    @TempDir
    static Path dir;

    private static Path runDir;
    private static VideoFixtures.FaceVideo video;
    private static VideoPredictor predictor;
    private static VideoPrediction prediction;

    @BeforeAll
    static void trainAndPredict() throws Exception {
        runDir = VideoFixtures.tinyCheckpoint(dir.resolve("data"), dir.resolve("run"));
        video = VideoFixtures.faceVideo(dir.resolve("face.mp4"), "mp4", "mpeg4", WIDTH, HEIGHT, FRAMES, null, -90, 21);
        predictor = VideoPredictor.fromCheckpoint(runDir, OPTIONS);
        prediction = predictor.predict(video.file());
    }

    @AfterAll
    static void close() {
        predictor.close();
    }

    @Test
    void decodesEveryFrameUprightWithItsTime() {
        VideoInfo info = prediction.info();
        assertEquals(FRAMES, info.frames());
        assertEquals(270, info.rotationDegrees(), "-90 degrees counter-clockwise");
        assertEquals(WIDTH, info.width());
        assertEquals(HEIGHT, info.height());
        long last = video.times()[FRAMES - 1];
        assertEquals(last + last / (FRAMES - 1), info.endMicros(), 1, "one mean frame interval after the last frame");
    }

    @Test
    void theTrackFollowsTheRenderedFace() {
        assertEquals(FRAMES, prediction.faceFrames(), "frames with a face");
        double iouSum = 0, worst = 1;
        int tracked = 0;
        for (int i = 0; i < FRAMES; i++) {
            FaceBox box = prediction.track().at(video.times()[i]);
            if (box != null) {
                // The cascade's box is about 1.3 times the face ellipse's width and sits DROP of its height high.
                FaceBox face = new FaceBox(box.centreX() - box.width() / 2.6, box.y() + FaceCropper.DROP * box.height(),
                        box.width() / 1.3, box.height());
                double iou = face.iou(video.faces().get(i));
                iouSum += iou;
                worst = Math.min(worst, iou);
                tracked++;
            }
        }
        assertTrue(iouSum / tracked >= 0.6 && worst >= 0.35, "IoU with the rendered face: mean " + iouSum / tracked + ", worst " + worst);
    }

    @Test
    void everyWindowIsPredictedAndTheVideoIsTheirMean() {
        assertEquals(4, prediction.windows().size(), "windows at 0, 0.5 and 1.0 s, and one ending with the video");
        float[] mean = new float[7];
        for (WindowPrediction w : prediction.windows()) {
            assertTrue(w.predicted(), "window " + w.window().index());
            double sum = 0;
            for (int c = 0; c < 7; c++) {
                sum += w.probabilities()[c];
                mean[c] += w.probabilities()[c] / 4;
            }
            assertEquals(1, sum, 1e-5);
        }
        assertArrayEquals(mean, prediction.probabilities(), 1e-6f);
        assertEquals(prediction.classes().get(io.github.logoformer.eval.Evaluator.argmax(mean)), prediction.label());
    }

    /** The loaders' path: the same crops written as a clip folder and read by the clip predictor. */
    @Test
    void aWindowGetsWhatTheClipPredictorGivesForItsCropsSavedAsFrames() throws Exception {
        ClipWindow window = prediction.windows().get(1).window();
        Path clip = Files.createDirectories(dir.resolve("window-1"));
        try (VideoReader reader = VideoReader.open(video.file()); FaceCropper cropper = new FaceCropper(OPTIONS.cropMargin(), 32)) {
            int slot = 0;
            for (VideoReader.VideoFrame f; (f = reader.next()) != null && slot < window.sampled().length; ) {
                while (slot < window.sampled().length && window.sampled()[slot] == f.index()) {
                    BufferedImage crop = cropper.crop(f.image(), prediction.track().at(f.timestampMicros()));
                    ImageIO.write(crop, "png", clip.resolve(String.format("%05d.png", ++slot)).toFile());
                }
            }
        }
        try (var model = Checkpoint.load(runDir).loadModel(runDir)) {
            assertArrayEquals(Predictor.predict(model, clip, Precision.FP32), prediction.windows().get(1).probabilities(), 1e-6f);
        }
    }

    /** What explain sees: the crops of the window centred nearest to the time, as the timeline predicted them. */
    @Test
    void aWindowsInputIsTheCropsItWasPredictedFromAndItsExplanationHasAMapPerFrame() {
        ClipWindow window = prediction.windows().get(1).window();  // 0.5-1.5 s; window 2 (1.0-2.0 s) also holds its centre
        ClipInput input = predictor.windowInput(video.file(), OptionalDouble.of(window.centreMicros() / 1e6));
        assertArrayEquals(window.sampled(), input.frameIndices());
        assertArrayEquals(prediction.windows().get(1).probabilities(), predictor.classify(input.batch().pixels()));
        assertArrayEquals(prediction.windows().get(0).window().sampled(),
                predictor.windowInput(video.file(), OptionalDouble.empty()).frameIndices(), "the first predicted window");
        Explanation explanation = predictor.explain(video.file(), OptionalDouble.of(window.centreMicros() / 1e6), 0);
        assertEquals(0, explanation.gradCam().target());
        assertEquals(4, explanation.gradCam().maps().size(0), "one map per model frame");
        String message = assertThrows(VideoException.class,
                () -> predictor.windowInput(video.file(), OptionalDouble.of(99))).getMessage();
        assertTrue(message.matches(java.util.regex.Pattern.quote(video.file().toString())
                + ": no window with a face contains 99\\.000 s \\(the timeline runs \\d\\.\\d{3}-\\d\\.\\d{3} s\\)"), message);
    }

    @Test
    void concurrentCallsGiveTheSameProbabilitiesAsOneCall() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<VideoPrediction>> calls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                calls.add(pool.submit(() -> predictor.predict(video.file())));
            }
            for (Future<VideoPrediction> call : calls) {
                VideoPrediction again = call.get();
                for (int w = 0; w < prediction.windows().size(); w++) {
                    assertArrayEquals(prediction.windows().get(w).probabilities(), again.windows().get(w).probabilities(),
                            "window " + w);
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTimelineFilesHoldEveryWindow() throws Exception {
        TimelineFiles.Written files = TimelineFiles.write(prediction, dir.resolve("out"), "face");
        Map<String, Object> json = JsonFiles.read(files.json(), Map.class);
        assertEquals(prediction.label(), json.get("label"));
        assertEquals(FRAMES, json.get("frames"));
        List<Map<String, Object>> windows = (List<Map<String, Object>>) json.get("windows");
        assertEquals(4, windows.size());
        Map<String, Object> probabilities = (Map<String, Object>) windows.get(2).get("probabilities");
        assertEquals(prediction.classes(), List.copyOf(probabilities.keySet()));
        assertEquals(prediction.windows().get(2).probabilities()[0], ((Number) probabilities.get("Happy")).floatValue());

        List<String> rows = Files.readAllLines(files.csv());
        assertEquals("window,start_s,end_s,frames,face_frames,label,Happy,Sad,Neutral,Angry,Surprise,Disgust,Fear", rows.get(0));
        assertEquals(5, rows.size());
        String[] cells = rows.get(3).split(",", -1);
        assertEquals(13, cells.length);
        assertEquals(prediction.windows().get(2).window().startSeconds(), Double.parseDouble(cells[1]), 1e-3);
        assertEquals(prediction.windows().get(2).label(prediction.classes()), cells[5]);

        BufferedImage chart = ImageIO.read(files.png().toFile());
        assertTrue(chart.getWidth() > 700 && chart.getHeight() > 300, chart.getWidth() + " x " + chart.getHeight());
    }

    @Test
    void theAnnotatedVideoIsUprightWithTheFaceBoxOnItsFrames() throws Exception {
        Path out = dir.resolve("annotated.mp4");
        AnnotatedVideo.write(prediction, out);
        try (VideoReader annotated = VideoReader.open(out); VideoReader original = VideoReader.open(video.file())) {
            assertEquals(DisplayRotation.NONE, annotated.rotation());
            assertEquals(WIDTH, annotated.width());
            assertEquals(HEIGHT, annotated.height());
            int n = 0, boxed = 0;
            for (VideoReader.VideoFrame f; (f = annotated.next()) != null; n++) {
                assertEquals(video.times()[n] - video.times()[0], f.timestampMicros(), 1000, "frame " + n + " time");
                VideoReader.VideoFrame source = original.next();
                FaceBox box = prediction.track().at(source.timestampMicros());
                int x = (int) Math.round(box.centreX()), y = (int) Math.round(box.y());
                if (greenness(f.image(), x, y) - greenness(source.image(), x, y) > 40) {
                    boxed++;
                }
            }
            assertEquals(FRAMES, n);
            assertEquals(FRAMES, prediction.faceFrames());
            assertTrue(boxed >= FRAMES - 2, "the green box edge in " + boxed + " of " + FRAMES + " frames");
        }
    }

    /** The most green - (red + blue) / 2 within 3 pixels above or below (x, y): the box is BGR 80, 220, 80. */
    private static int greenness(Mat bgr, int x, int y) {
        try (var pixels = (org.bytedeco.javacpp.indexer.UByteIndexer) bgr.createIndexer()) {
            int most = Integer.MIN_VALUE;
            for (int dy = -3; dy <= 3; dy++) {
                most = Math.max(most, pixels.get(y + dy, x, 1) - (pixels.get(y + dy, x, 0) + pixels.get(y + dy, x, 2)) / 2);
            }
            return most;
        }
    }

    @Test
    void thePredictorReportsWhereTheTimeWent() {
        StageTimes t = prediction.times();
        assertTrue(t.decodeSeconds() > 0 && t.detectSeconds() > 0 && t.cropSeconds() > 0 && t.predictSeconds() > 0, t.toString());
        assertNotNull(predictor.classes());
    }
}
