package io.github.logoformer.cli;

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

    @Mixin
    SplitOptions on = new SplitOptions();

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the results (default: the run folder).")
    Path out;

    @Override
    public Integer call() {
        Checkpoint state = Checkpoint.load(checkpoint);
        ClipClassifier model = state.loadModel(checkpoint);
        Path root = data.root();
        ConfusionMatrix matrix = Evaluator.evaluate(model, data.load(root, on.which(), on.fold), on.batchSize, on.workers);
        var names = EvaluationReport.classNames(matrix.classes());
        System.out.printf(Locale.ROOT, "%s epoch %d on %s fold %d %s: WAR %.2f%%  UAR %.2f%%  (%d clips)%n",
                state.kind().id(), state.epoch(), root, on.fold, on.split, 100 * matrix.war(), 100 * matrix.uar(), matrix.total());
        for (int c = 0; c < matrix.classes(); c++) {
            System.out.printf(Locale.ROOT, "  %-9s recall %6.2f%%  (%d clips)%n", names.get(c), 100 * matrix.recall(c),
                    matrix.support(c));
        }
        Map<String, Object> context = data.describe(root, on.fold);
        context.put("split", on.split);
        context.put("checkpoint", checkpoint.toAbsolutePath().toString());
        context.put("epoch", state.epoch());
        Path file = EvaluationReport.write(out != null ? out : checkpoint, "eval", matrix, context,
                state.kind().id() + ", fold " + on.fold + " " + on.split);
        System.out.println("wrote " + file);
        return 0;
    }
}
