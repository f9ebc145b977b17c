package io.github.logoformer.cli;

import io.github.logoformer.data.Expression;
import io.github.logoformer.eval.EvaluationReport;
import io.github.logoformer.eval.Predictor;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lf predict}: class probabilities of one clip (a folder of face frames) from a checkpoint. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Prints the class probabilities of one clip, a folder of face frames named by number (most likely first).")
final class PredictCommand implements Callable<Integer> {
    @Mixin
    ModelSource source = new ModelSource();

    @Option(names = "--clip", paramLabel = "DIR", required = true, description = "Folder of the clip's frames (e.g. DFEW's data/00001).")
    Path clip;

    @Override
    public Integer call() {
        // No data set here: with --weights and no --preset, the model is the design preset with DFEW's 7 classes.
        float[] p = Predictor.predict(source.load(false, Expression.values().length).model(), clip);
        List<String> names = EvaluationReport.classNames(p.length);
        IntStream.range(0, p.length).boxed().sorted(Comparator.comparingDouble(i -> -p[i]))
                .forEach(i -> System.out.printf(Locale.ROOT, "%-14s %.4f%n", names.get(i), p[i]));
        return 0;
    }
}
