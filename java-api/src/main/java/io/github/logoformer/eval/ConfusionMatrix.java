package io.github.logoformer.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts of (true class, predicted class) and the DFER metrics derived from them: WAR (weighted
 * average recall = accuracy), UAR (unweighted average recall = mean per-class recall) and the recall
 * of each class. Classes without any true sample have no recall (NaN) and are left out of UAR,
 * which then averages over the classes present.
 */
public final class ConfusionMatrix {
    private final long[][] counts;

    public ConfusionMatrix(int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("classes: expected >= 2, got " + classes);
        }
        counts = new long[classes][classes];
    }

    /**
     * A matrix from its counts, row-major ({@code counts[truth * classes + predicted]}, as
     * {@link #flatCounts()} gives them).
     */
    public static ConfusionMatrix ofCounts(long[] counts, int classes) {
        ConfusionMatrix matrix = new ConfusionMatrix(classes);
        if (counts.length != classes * classes) {
            throw new IllegalArgumentException("counts: expected " + classes * classes + " (classes squared), got "
                    + counts.length);
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                throw new IllegalArgumentException("counts: expected >= 0, got " + counts[i] + " at " + i);
            }
            matrix.counts[i / classes][i % classes] = counts[i];
        }
        return matrix;
    }

    /** The counts row-major: {@code [truth * classes + predicted]}. */
    public long[] flatCounts() {
        long[] flat = new long[counts.length * counts.length];
        for (int i = 0; i < counts.length; i++) {
            System.arraycopy(counts[i], 0, flat, i * counts.length, counts.length);
        }
        return flat;
    }

    public int classes() {
        return counts.length;
    }

    public void add(int truth, int predicted) {
        if (truth < 0 || truth >= counts.length || predicted < 0 || predicted >= counts.length) {
            throw new IllegalArgumentException("class indices: expected [0, " + counts.length + "), got truth " + truth
                    + ", predicted " + predicted);
        }
        counts[truth][predicted]++;
    }

    /** counts[truth][predicted], a copy. */
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    public long total() {
        long total = 0;
        for (long[] row : counts) {
            for (long c : row) {
                total += c;
            }
        }
        return total;
    }

    /** Samples of class {@code truth}. */
    public long support(int truth) {
        long sum = 0;
        for (long c : counts[truth]) {
            sum += c;
        }
        return sum;
    }

    /** Correct predictions over all samples; NaN when empty. */
    public double war() {
        long correct = 0;
        for (int i = 0; i < counts.length; i++) {
            correct += counts[i][i];
        }
        long total = total();
        return total == 0 ? Double.NaN : correct / (double) total;
    }

    /** Recall of class {@code truth}; NaN when the class has no sample. */
    public double recall(int truth) {
        long support = support(truth);
        return support == 0 ? Double.NaN : counts[truth][truth] / (double) support;
    }

    /** Mean recall over the classes that have samples; NaN when empty. */
    public double uar() {
        double sum = 0;
        int present = 0;
        for (int i = 0; i < counts.length; i++) {
            if (support(i) > 0) {
                sum += recall(i);
                present++;
            }
        }
        return present == 0 ? Double.NaN : sum / present;
    }

    /** A JSON-ready summary: war, uar, per-class recall by name, the class names and the matrix. */
    public Map<String, Object> toJson(List<String> classNames) {
        if (classNames.size() != counts.length) {
            throw new IllegalArgumentException("classNames: expected " + counts.length + " names, got " + classNames.size());
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("war", numberOrNull(war()));
        json.put("uar", numberOrNull(uar()));
        json.put("samples", total());
        Map<String, Object> recalls = new LinkedHashMap<>();
        for (int i = 0; i < counts.length; i++) {
            recalls.put(classNames.get(i), numberOrNull(recall(i)));
        }
        json.put("per_class_recall", recalls);
        json.put("classes", classNames);
        json.put("confusion_matrix", counts());
        json.put("confusion_matrix_rows", "true class; columns: predicted class");
        return json;
    }

    /** JSON has no NaN: an undefined metric (no sample) is written as null. */
    private static Double numberOrNull(double value) {
        return Double.isNaN(value) ? null : value;
    }
}
