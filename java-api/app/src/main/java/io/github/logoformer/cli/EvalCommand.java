package io.github.logoformer.cli;

import io.github.logoformer.data.Split;
import io.github.logoformer.eval.ConfusionMatrix;
import io.github.logoformer.eval.EvaluationReport;
import io.github.logoformer.eval.Evaluator;
import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.train.Checkpoint;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lf eval}: a checkpoint on one fold's test list; WAR, UAR, per-class recall, confusion matrix. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluates a run's checkpoint on a fold's test list (centred sampling, no augmentation).",
                "Prints WAR, UAR and per-class recall; writes eval.json and eval-confusion.png into --out."})
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", paramLabel = "RUN_DIR", required = true, description = "Run folder holding checkpoint.json.")
    Path checkpoint;

    @Mixin
    DatasetOptions data = new DatasetOptions();

    @Option(names = "--fold", description = "Fold 1 to 5 (default ${DEFAULT-VALUE}).")
    int fold = 1;

    @Option(names = "--split", description = "test (default) or train.")
    String split = "test";

    @Option(names = "--batch-size", description = "Clips per batch (default ${DEFAULT-VALUE}).")
    int batchSize = 8;

    @Option(names = "--workers", description = "Frame-decoding threads (default ${DEFAULT-VALUE}).")
    int workers = 1;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the results (default: the run folder).")
    Path out;

    @Override
    public Integer call() {
        Split which = switch (split) {
            case "test" -> Split.TEST;
            case "train" -> Split.TRAIN;
            default -> throw new IllegalArgumentException("--split: expected test or train, got '" + split + "'");
        };
        Checkpoint state = Checkpoint.load(checkpoint);
        if (state.config().classes() != data.classes()) {
            throw new IllegalArgumentException("--dataset: " + data.dataset + " has " + data.classes() + " classes; the model in "
                    + checkpoint + " predicts " + state.config().classes());
        }
        ClipClassifier model = state.loadModel(checkpoint);
        Path root = data.root();
        ConfusionMatrix matrix = Evaluator.evaluate(model, data.load(root, which, fold), batchSize, workers);
        var names = EvaluationReport.classNames(matrix.classes());
        System.out.printf(Locale.ROOT, "%s epoch %d on %s fold %d %s: WAR %.2f%%  UAR %.2f%%  (%d clips)%n",
                state.kind().id(), state.epoch(), root, fold, split, 100 * matrix.war(), 100 * matrix.uar(), matrix.total());
        for (int c = 0; c < matrix.classes(); c++) {
            System.out.printf(Locale.ROOT, "  %-14s recall %6.2f%%  (%d clips)%n", names.get(c), 100 * matrix.recall(c),
                    matrix.support(c));
        }
        Map<String, Object> context = data.describe(root, fold);
        context.put("split", split);
        context.put("checkpoint", checkpoint.toAbsolutePath().toString());
        context.put("epoch", state.epoch());
        Path file = EvaluationReport.write(out != null ? out : checkpoint, "eval", matrix, context,
                state.kind().id() + ", fold " + fold + " " + split);
        System.out.println("wrote " + file);
        return 0;
    }
}
