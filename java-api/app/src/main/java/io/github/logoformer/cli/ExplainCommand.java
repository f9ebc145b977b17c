package io.github.logoformer.cli;

import io.github.logoformer.eval.ClipInput;
import io.github.logoformer.eval.EvaluationReport;
import io.github.logoformer.explain.Explanation;
import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lf explain}: Grad-CAM, per-frame importance and CLS attention maps of one clip. */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Explains a checkpoint's prediction on one clip (a folder of face frames named by number).",
                "Writes into --out: gradcam.png (Grad-CAM at layer3 on every sampled frame), frame-importance.png,",
                "attention.png (the CLS token's attention maps: STT's temporal and spatial layers, LOGO-Former's",
                "global layers) and explain.json."})
final class ExplainCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", paramLabel = "RUN_DIR", required = true, description = "Run folder holding checkpoint.json.")
    Path checkpoint;

    @Option(names = "--clip", paramLabel = "DIR", required = true, description = "Folder of the clip's frames (e.g. DFEW's data/00001).")
    Path clip;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder for the figures and explain.json (made if missing).")
    Path out;

    @Option(names = "--class", paramLabel = "NAME", description = "Class to explain (default: the predicted one).")
    String className;

    @Override
    public Integer call() throws Exception {
        ClipClassifier model = Checkpoint.load(checkpoint).loadModel(checkpoint);
        int target = className == null ? -1 : classIndex(EvaluationReport.classNames((int) model.config().classes()));
        Files.createDirectories(out);
        Explanation explanation = Explanation.of(model, ClipInput.load(model.config(), clip), target);
        Path json = explanation.write(out);
        System.out.printf(Locale.ROOT, "explained %s on clip %s; wrote %s and the figures beside it%n",
                explanation.classNames().get(explanation.gradCam().target()), clip, json);
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
