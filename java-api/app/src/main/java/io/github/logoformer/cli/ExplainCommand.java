package io.github.logoformer.cli;

import io.github.logoformer.eval.ClipInput;
import io.github.logoformer.eval.EvaluationReport;
import io.github.logoformer.explain.Explanation;
import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.train.Checkpoint;
import io.github.logoformer.video.VideoPredictor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lf explain}: Grad-CAM, per-frame importance and CLS attention maps of one clip or one video window. */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Explains a checkpoint's prediction on one clip (a folder of face frames named by number) or on one"
                + " window of a video (the face crops lf predict feeds the model: the first predicted window, or --at's).",
                "Writes into --out: gradcam.png (Grad-CAM at layer3 on every sampled frame), frame-importance.png,",
                "attention.png (the CLS token's attention maps: STT's temporal and spatial layers, LOGO-Former's",
                "global layers) and explain.json."})
final class ExplainCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", paramLabel = "RUN_DIR", required = true, description = "Run folder holding checkpoint.json.")
    Path checkpoint;

    static final class Input {
        @Option(names = "--clip", paramLabel = "DIR", required = true, description = "Folder of the clip's frames (e.g. DFEW's data/00001).")
        Path clip;

        @Option(names = "--video", paramLabel = "FILE", required = true, description = "A video file (as lf predict --video reads).")
        Path video;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Option(names = "--at", paramLabel = "SECONDS",
            description = "Video: explain the window containing this time (timeline seconds; of overlapping windows, the one centred nearest).")
    Double at;

    @Mixin
    VideoWindowOptions windows = new VideoWindowOptions();

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder for the figures and explain.json (made if missing).")
    Path out;

    @Option(names = "--class", paramLabel = "NAME", description = "Class to explain (default: the predicted one).")
    String className;

    @Override
    public Integer call() throws Exception {
        if (at != null && input.video == null) {
            throw new IllegalArgumentException("--at: a time in a video; it goes with --video");
        }
        ClipClassifier model = Checkpoint.load(checkpoint).loadModel(checkpoint);
        int target = className == null ? -1 : classIndex(EvaluationReport.classNames((int) model.config().classes()));
        Explanation explanation;
        if (input.clip != null) {
            explanation = Explanation.of(model, ClipInput.load(model.config(), input.clip), target);
        } else {
            try (VideoPredictor predictor = new VideoPredictor(model, windows.options())) {
                explanation = predictor.explain(input.video, at == null ? OptionalDouble.empty() : OptionalDouble.of(at), target);
            }
        }
        Files.createDirectories(out);
        Path json = explanation.write(out);
        System.out.printf(Locale.ROOT, "explained %s on %s; wrote %s and the figures beside it%n",
                explanation.classNames().get(explanation.gradCam().target()), explanation.input().source(), json);
        return 0;
    }

    private int classIndex(List<String> names) {
        for (int c = 0; c < names.size(); c++) {
            if (names.get(c).equalsIgnoreCase(className)) {
                return c;
            }
        }
        throw new IllegalArgumentException("--class: expected one of " + String.join(", ", names) + ", got '" + className + "'");
    }
}
