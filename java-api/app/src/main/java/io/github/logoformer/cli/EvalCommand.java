package io.github.logoformer.cli;

import io.github.logoformer.eval.ConfusionMatrix;
import io.github.logoformer.eval.EvaluationReport;
import io.github.logoformer.eval.Evaluator;
import io.github.logoformer.nn.Precision;
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

    @Mixin
    SplitOptions on = new SplitOptions();

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where to write the results (default: the run folder, or the weights file's folder).")
    Path out;

    @Option(names = "--precision", description = "Forward passes in bf16 (bfloat16 autocast) or fp32 (default: the precision the run trained in).")
    String precision;

    @Override
    public Integer call() {
        ModelSource.Loaded loaded = source.load(data.dataset == DatasetOptions.Kind.synthetic, data.classes());
        long classes = loaded.model().config().classes();
        if (classes != data.classes()) {
            throw new IllegalArgumentException("--dataset: " + data.dataset + " has " + data.classes() + " classes; the model in "
                    + (source.checkpoint != null ? source.checkpoint : source.weights) + " predicts " + classes);
        }
        Path root = data.root();
        Precision precision = this.precision != null ? PrecisionOption.parse(this.precision) : loaded.precision();
        ConfusionMatrix matrix = Evaluator.evaluate(loaded.model(), data.load(root, on.which(), on.fold), on.batchSize, on.workers,
                precision);
        var names = EvaluationReport.classNames(matrix.classes());
        System.out.printf(Locale.ROOT, "%s on %s fold %d %s: WAR %.2f%%  UAR %.2f%%  (%d clips)%n",
                loaded.title(), root, on.fold, on.split, 100 * matrix.war(), 100 * matrix.uar(), matrix.total());
        for (int c = 0; c < matrix.classes(); c++) {
            System.out.printf(Locale.ROOT, "  %-14s recall %6.2f%%  (%d clips)%n", names.get(c), 100 * matrix.recall(c),
                    matrix.support(c));
        }
        Map<String, Object> context = data.describe(root, on.fold);
        context.put("split", on.split);
        context.putAll(loaded.origin());
        context.put("precision", precision.id());
        Path folder = out != null ? out : source.checkpoint != null ? source.checkpoint
                : source.weights.toAbsolutePath().getParent();
        Path file = EvaluationReport.write(folder, "eval", matrix, context, loaded.kind().id() + ", fold " + on.fold + " " + on.split);
        System.out.println("wrote " + file);
        return 0;
    }
}
