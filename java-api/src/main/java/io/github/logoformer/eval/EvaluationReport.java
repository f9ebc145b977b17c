package io.github.logoformer.eval;

import io.github.logoformer.data.Expression;
import io.github.logoformer.data.MafwExpression;
import io.github.logoformer.run.JsonFiles;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Writes an evaluation's results: {@code <name>.json} (metrics, see {@link ConfusionMatrix#toJson}) and {@code <name>-confusion.png}. */
public final class EvaluationReport {
    private EvaluationReport() {}

    /** The display names of the 7 DFEW classes, in class-index order. */
    public static List<String> expressionNames() {
        return Arrays.stream(Expression.values()).map(Expression::displayName).toList();
    }

    /** Class names for a model of {@code classes} classes: DFEW's when 7, MAFW's when 11, else "class 0", ... */
    public static List<String> classNames(int classes) {
        if (classes == Expression.values().length) {
            return expressionNames();
        }
        if (classes == MafwExpression.values().length) {
            return Arrays.stream(MafwExpression.values()).map(MafwExpression::displayName).toList();
        }
        return IntStream.range(0, classes).mapToObj(i -> "class " + i).toList();
    }

    /**
     * @param context extra fields for the JSON (data set, fold, checkpoint), written first
     * @param title the plot's title
     * @return the JSON file written
     */
    public static Path write(Path folder, String name, ConfusionMatrix matrix, Map<String, Object> context, String title) {
        List<String> names = classNames(matrix.classes());
        Map<String, Object> json = new LinkedHashMap<>(context);
        json.putAll(matrix.toJson(names));
        Path file = folder.resolve(name + ".json");
        JsonFiles.write(file, json);
        ConfusionMatrixPlot.write(folder.resolve(name + "-confusion.png"), matrix, names, title);
        return file;
    }
}
