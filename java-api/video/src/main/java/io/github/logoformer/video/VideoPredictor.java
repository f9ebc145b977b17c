package io.github.logoformer.video;

import io.github.logoformer.data.Batch;
import io.github.logoformer.data.ClipRecord;
import io.github.logoformer.data.ClipTransform;
import io.github.logoformer.data.FrameSampler;
import io.github.logoformer.eval.ClipInput;
import io.github.logoformer.eval.EvaluationReport;
import io.github.logoformer.eval.Evaluator;
import io.github.logoformer.explain.Explanation;
import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.nn.Precision;
import io.github.logoformer.train.Checkpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Supplier;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * From a video file to emotions: decode, follow the main face, cut windows, predict each, average. Load it
 * once and call {@link #predict} from as many threads as you like: the model is shared (in eval mode,
 * forward passes under a per-thread {@link NoGradGuard} change no state, and concurrent calls give the
 * same probabilities as one after another: {@code VideoPredictorTest}); each call decodes with its own
 * FFmpeg reader and borrows a face detector that no other thread uses at the same time.
 *
 * <p>Two decoding passes per video: the first reads every frame's time and runs the face detector every
 * {@code detectEverySeconds} ({@link VideoScan}); the second cuts the face crops of the sampled frames
 * and predicts each window as soon as its clip is complete ({@link FaceClips}). Memory is bounded by the
 * open windows and one frame, whatever the video's length.
 */
public final class VideoPredictor implements AutoCloseable {
    private final ClipClassifier model;
    private final boolean ownsModel;
    private final Precision precision;
    private final VideoOptions options;
    private final Supplier<? extends FaceDetector> newDetector;
    private final ConcurrentLinkedDeque<FaceDetector> idleDetectors = new ConcurrentLinkedDeque<>();
    private final List<FaceDetector> allDetectors = new ArrayList<>();
    private final FrameSampler sampler;
    private final ClipTransform transform;
    private final List<String> classes;

    /** In float32, with the library's face detector ({@link CascadeFaceDetector}); the caller keeps owning {@code model}. */
    public VideoPredictor(ClipClassifier model, VideoOptions options) {
        this(model, Precision.FP32, options);
    }

    /** With forward passes in {@code precision} and the library's face detector; the caller keeps owning {@code model}. */
    public VideoPredictor(ClipClassifier model, Precision precision, VideoOptions options) {
        this(model, false, precision, options, () -> new CascadeFaceDetector(options.detectionSize()));
    }

    /** @param newDetector makes a face detector for each thread that predicts at the same time as others */
    public VideoPredictor(ClipClassifier model, VideoOptions options, Supplier<? extends FaceDetector> newDetector) {
        this(model, false, Precision.FP32, options, newDetector);
    }

    private VideoPredictor(ClipClassifier model, boolean ownsModel, Precision precision, VideoOptions options,
            Supplier<? extends FaceDetector> newDetector) {
        this.model = Objects.requireNonNull(model, "model");
        this.ownsModel = ownsModel;
        this.precision = Objects.requireNonNull(precision, "precision");
        this.options = Objects.requireNonNull(options, "options");
        this.newDetector = Objects.requireNonNull(newDetector, "newDetector");
        model.eval();
        sampler = new FrameSampler((int) model.config().frames());
        transform = new ClipTransform((int) model.config().frameSize());
        classes = EvaluationReport.classNames((int) model.config().classes());
    }

    /**
     * Loads the model of a run folder ({@code checkpoint.json} and its weights), to run in the precision it
     * trained in; {@link #close} frees it.
     */
    public static VideoPredictor fromCheckpoint(Path runDir, VideoOptions options) {
        Checkpoint checkpoint = Checkpoint.load(runDir);
        return new VideoPredictor(checkpoint.loadModel(runDir), true, checkpoint.options().precision(), options,
                () -> new CascadeFaceDetector(options.detectionSize()));
    }

    public VideoOptions options() {
        return options;
    }

    /** Class names in the model's order. */
    public List<String> classes() {
        return classes;
    }

    /**
     * The timeline and the whole-video probabilities of {@code video}.
     *
     * @throws VideoException with one line naming the file when it is not a readable video, has no video
     *     stream, is truncated or corrupt, shows no face, or shows it in too few frames for one clip
     */
    public VideoPrediction predict(Path video) {
        StageTimes.Clock clock = new StageTimes.Clock();
        Timeline cut = timeline(video, clock);
        VideoScan scan = cut.scan();
        List<ClipWindow> windows = cut.windows();
        float[][] probabilities = new float[windows.size()][];
        try (FaceCropper cropper = new FaceCropper(options.cropMargin(), transform.size())) {
            FaceClips.extract(video, scan, windows, cropper, transform, clock, (window, clip) -> {
                long t0 = System.nanoTime();
                probabilities[window.index()] = classify(clip);
                clock.predict += System.nanoTime() - t0;
            });
        }
        List<WindowPrediction> timeline = new ArrayList<>();
        float[] mean = new float[classes.size()];
        int predicted = 0;
        for (ClipWindow w : windows) {
            timeline.add(new WindowPrediction(w, probabilities[w.index()]));
            if (probabilities[w.index()] != null) {
                predicted++;
                for (int c = 0; c < mean.length; c++) {
                    mean[c] += probabilities[w.index()][c];
                }
            }
        }
        for (int c = 0; c < mean.length; c++) {
            mean[c] /= predicted;
        }
        return new VideoPrediction(video, scan.info(), classes, mean, List.copyOf(timeline), scan.track(), scan.detections(),
                scan.hits(), cut.faceFrames(), options, clock.times());
    }

    /**
     * One window's model input: the face crops that {@link #predict} feeds the model for it. The window is
     * the first predicted one, or the predicted one containing {@code atSeconds} (in the timeline's seconds)
     * whose centre is nearest to it.
     *
     * @throws VideoException as {@link #predict} does, and when no predicted window contains {@code atSeconds}
     */
    public ClipInput windowInput(Path video, OptionalDouble atSeconds) {
        StageTimes.Clock clock = new StageTimes.Clock();
        Timeline cut = timeline(video, clock);
        Optional<ClipWindow> chosen = atSeconds.isPresent()
                ? ClipWindows.predictedAt(cut.windows(), VideoOptions.micros(atSeconds.getAsDouble()))
                : cut.windows().stream().filter(ClipWindow::predicted).findFirst();
        ClipWindow window = chosen.orElseThrow(() -> new VideoException(video, String.format(Locale.ROOT,
                "no window with a face contains %.3f s (the timeline runs %.3f-%.3f s)", atSeconds.getAsDouble(),
                cut.windows().get(0).startSeconds(), cut.windows().get(cut.windows().size() - 1).endSeconds())));
        float[][] clip = new float[1][];
        try (FaceCropper cropper = new FaceCropper(options.cropMargin(), transform.size())) {
            FaceClips.extract(video, cut.scan(), List.of(window), cropper, transform, clock, (w, pixels) -> clip[0] = pixels);
        }
        String span = String.format(Locale.ROOT, "%.2f-%.2f s", window.startSeconds(), window.endSeconds());
        return ClipInput.of(video.getFileName() + " " + span, video + ", window " + (window.index() + 1) + " of "
                + cut.windows().size() + " (" + span + ")", window.sampled(), clip[0], transform);
    }

    /** Grad-CAM and CLS attention ({@link Explanation}) of the window {@link #windowInput} chooses. */
    public Explanation explain(Path video, OptionalDouble atSeconds, int target) {
        return Explanation.of(model, windowInput(video, atSeconds), target);
    }

    /** The first pass and the windows cut from it, at least one of them predicted. */
    private record Timeline(VideoScan scan, List<ClipWindow> windows, int faceFrames) {}

    private Timeline timeline(Path video, StageTimes.Clock clock) {
        FaceDetector detector = borrowDetector();
        VideoScan scan;
        try {
            scan = VideoScan.of(video, detector, options, clock);
        } finally {
            idleDetectors.push(detector);
        }
        boolean[] hasFace = scan.faceFrames();
        int faceFrames = 0;
        for (boolean f : hasFace) {
            faceFrames += f ? 1 : 0;
        }
        int frames = scan.info().frames();
        if (faceFrames == 0) {
            throw new VideoException(video, "no face found in any of the " + frames + " frames read (" + scan.detections()
                    + " detection runs)");
        }
        List<ClipWindow> windows = ClipWindows.cut(scan.timestamps(), hasFace, scan.info().endMicros(),
                VideoOptions.micros(options.windowSeconds()), VideoOptions.micros(options.strideSeconds()), sampler,
                options.minFaceShare());
        if (windows.stream().noneMatch(ClipWindow::predicted)) {
            throw new VideoException(video, String.format(Locale.ROOT, "a face in %d of the %d frames read, too few for one clip:"
                    + " no %.2f-s window has it in %.0f%% of its frames", faceFrames, frames, options.windowSeconds(),
                    100 * options.minFaceShare()));
        }
        return new Timeline(scan, windows, faceFrames);
    }

    /** The model's class probabilities for one clip of model input ({@code F x 3 x S x S} floats). */
    float[] classify(float[] clip) {
        try (NoGradGuard noGrad = new NoGradGuard(); PointerScope scope = new PointerScope(); var autocast = precision.enter()) {
            Tensor input = new Batch(clip, new long[] {ClipRecord.UNLABELLED}, sampler.frames(), transform.size()).clips();
            return Evaluator.probabilities(model.forward(input))[0];
        }
    }

    private FaceDetector borrowDetector() {
        FaceDetector detector = idleDetectors.poll();
        if (detector == null) {
            detector = newDetector.get();
            synchronized (allDetectors) {
                allDetectors.add(detector);
            }
        }
        return detector;
    }

    /** Frees the face detectors, and the model when {@link #fromCheckpoint} loaded it. Not while predicting. */
    @Override
    public void close() {
        synchronized (allDetectors) {
            allDetectors.forEach(FaceDetector::close);
            allDetectors.clear();
        }
        idleDetectors.clear();
        if (ownsModel) {
            model.close();
        }
    }
}
