package io.github.logoformer.cli;

import io.github.logoformer.data.Expression;
import io.github.logoformer.eval.EvaluationReport;
import io.github.logoformer.eval.Predictor;
import io.github.logoformer.nn.Precision;
import io.github.logoformer.video.AnnotatedVideo;
import io.github.logoformer.video.StageTimes;
import io.github.logoformer.video.TimelineFiles;
import io.github.logoformer.video.VideoInfo;
import io.github.logoformer.video.VideoOptions;
import io.github.logoformer.video.VideoPrediction;
import io.github.logoformer.video.VideoPredictor;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lf predict}: class probabilities of one clip (a folder of face frames) or of a video file (its
 * timeline of windows, written as JSON, CSV and PNG, and optionally an annotated copy) from a checkpoint.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints the class probabilities of one clip (a folder of face frames named by number) or of a video file"
                + " (most likely first).",
                "With --video: finds and follows the main face, predicts windows of --window seconds every --stride seconds,"
                + " prints the mean over the windows and writes <name>.timeline.json, .csv and .png into --out."})
final class PredictCommand implements Callable<Integer> {
    @Mixin
    ModelSource source = new ModelSource();

    static final class Input {
        @Option(names = "--clip", paramLabel = "DIR", required = true, description = "Folder of the clip's frames (e.g. DFEW's data/00001).")
        Path clip;

        @Option(names = "--video", paramLabel = "FILE", required = true,
                description = "A video file (mp4, mkv, webm, avi, mov, ...; any frame rate, rotation tags honoured).")
        Path video;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Mixin
    VideoWindowOptions windows = new VideoWindowOptions();

    @Option(names = "--out", paramLabel = "DIR", description = "Video: folder for the timeline files (default: the run folder).")
    Path out;

    @Option(names = "--annotate", paramLabel = "FILE.mp4", description = "Video: also write the video with the face box and the current label drawn on it.")
    Path annotate;

    @Option(names = "--precision", description = "Forward pass in bf16 (bfloat16 autocast) or fp32 (default: the precision the run trained in).")
    String precision;

    @Override
    public Integer call() {
        if (input.clip != null) {
            // No data set here: with --weights and no --preset, the model is the design preset with DFEW's 7 classes.
            ModelSource.Loaded loaded = source.load(false, Expression.values().length);
            float[] p = Predictor.predict(loaded.model(), input.clip, precisionOf(loaded));
            printProbabilities(EvaluationReport.classNames(p.length), p);
            return 0;
        }
        if (out == null && source.checkpoint == null) {
            throw new IllegalArgumentException("--out: required with --video and --weights (the timeline needs a folder)");
        }
        VideoOptions options = windows.options();
        ModelSource.Loaded loaded = source.load(false, Expression.values().length);
        try (VideoPredictor predictor = new VideoPredictor(loaded.model(), precisionOf(loaded), options)) {
            VideoPrediction p = predictor.predict(input.video);
            VideoInfo info = p.info();
            System.out.printf(Locale.ROOT, "%s: %d frames, %.2f s, %dx%d%s, face in %d frames; %d of %d windows of %.2f s every %.2f s"
                    + " predicted%n", input.video, info.frames(), info.durationSeconds(), info.width(), info.height(),
                    info.rotationDegrees() == 0 ? "" : " (turned " + info.rotationDegrees() + " degrees)", p.faceFrames(),
                    p.predictedWindows(), p.windows().size(), options.windowSeconds(), options.strideSeconds());
            printProbabilities(p.classes(), p.probabilities());
            String name = input.video.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            TimelineFiles.Written files = TimelineFiles.write(p, out != null ? out : source.checkpoint, name);
            System.out.println("timeline: " + files.json() + ", " + files.csv().getFileName() + ", " + files.png().getFileName());
            if (annotate != null) {
                AnnotatedVideo.write(p, annotate);
                System.out.println("annotated: " + annotate);
            }
            StageTimes t = p.times();
            double seconds = info.durationSeconds();
            System.out.printf(Locale.ROOT, "time per second of video: decode %.3f s, detect %.3f s, crop %.3f s, predict %.3f s%n",
                    t.decodeSeconds() / seconds, t.detectSeconds() / seconds, t.cropSeconds() / seconds, t.predictSeconds() / seconds);
        }
        return 0;
    }

    private Precision precisionOf(ModelSource.Loaded loaded) {
        return precision != null ? PrecisionOption.parse(precision) : loaded.precision();
    }

    /** One line per class, most likely first. */
    private static void printProbabilities(List<String> names, float[] p) {
        IntStream.range(0, p.length).boxed().sorted(Comparator.comparingDouble(i -> -p[i]))
                .forEach(i -> System.out.printf(Locale.ROOT, "%-14s %.4f%n", names.get(i), p[i]));
    }
}
