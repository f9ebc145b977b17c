package io.github.logoformer.cli;

import io.github.logoformer.data.Split;
import io.github.logoformer.eval.ConfusionMatrix;
import io.github.logoformer.eval.EvaluationReport;
import io.github.logoformer.eval.Evaluator;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lf eval}: a checkpoint on one fold's test list; WAR, UAR, per-class recall, confusion matrix. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluates a run's checkpoint, or a PyTorch state dict, on a fold's test list (centred sampling,",
                "no augmentation).",
                "Prints WAR, UAR and per-class recall; writes eval.json and eval-confusion.png into --out."})
final class EvalCommand implements Callable<Integer> {
    @Mixin
    ModelSource source = new ModelSource();

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

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where to write the results (default: the run folder, or the weights file's folder).")
    Path out;

    @Override
    public Integer call() {
        Split which = switch (split) {
            case "test" -> Split.TEST;
            case "train" -> Split.TRAIN;
            default -> throw new IllegalArgumentException("--split: expected test or train, got '" + split + "'");
        };
        ModelSource.Loaded loaded = source.load(data.dataset == DatasetOptions.Kind.synthetic, data.classes());
        long classes = loaded.model().config().classes();
        if (classes != data.classes()) {
            throw new IllegalArgumentException("--dataset: " + data.dataset + " has " + data.classes() + " classes; the model in "
                    + (source.checkpoint != null ? source.checkpoint : source.weights) + " predicts " + classes);
        }
        Path root = data.root();
        ConfusionMatrix matrix = Evaluator.evaluate(loaded.model(), data.load(root, which, fold), batchSize, workers);
        var names = EvaluationReport.classNames(matrix.classes());
        System.out.printf(Locale.ROOT, "%s on %s fold %d %s: WAR %.2f%%  UAR %.2f%%  (%d clips)%n",
                loaded.title(), root, fold, split, 100 * matrix.war(), 100 * matrix.uar(), matrix.total());
        for (int c = 0; c < matrix.classes(); c++) {
            System.out.printf(Locale.ROOT, "  %-14s recall %6.2f%%  (%d clips)%n", names.get(c), 100 * matrix.recall(c),
                    matrix.support(c));
        }
        Map<String, Object> context = data.describe(root, fold);
        context.put("split", split);
        context.putAll(loaded.origin());
        Path folder = out != null ? out : source.checkpoint != null ? source.checkpoint
                : source.weights.toAbsolutePath().getParent();
        Path file = EvaluationReport.write(folder, "eval", matrix, context, loaded.kind().id() + ", fold " + fold + " " + split);
        System.out.println("wrote " + file);
        return 0;
    }
}
