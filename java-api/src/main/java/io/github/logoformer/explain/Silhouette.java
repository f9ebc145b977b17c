package io.github.logoformer.explain;

/**
 * The mean silhouette coefficient (Rousseeuw, 1987) of labelled points, Euclidean, O(n^2): for each point,
 * (b - a) / max(a, b) with a its mean distance to the rest of its class and b the smallest mean distance
 * to another class; 1 for tight, well-apart classes, about 0 for overlapping ones. Points of a class of
 * one are left out (their coefficient is 0 by convention). Written by hand: no kept, permissive Java
 * library on Maven Central has it.
 */
public final class Silhouette {
    private Silhouette() {}

    /**
     * @param labels class of each point, 0-based
     * @throws IllegalArgumentException when fewer than two classes have points, or the lengths differ
     */
    public static double score(double[][] points, int[] labels) {
        if (points.length != labels.length) {
            throw new IllegalArgumentException("labels: expected one per point (" + points.length + "), got " + labels.length);
        }
        int classes = 0;
        for (int label : labels) {
            if (label < 0) {
                throw new IllegalArgumentException("labels: expected classes >= 0, got " + label);
            }
            classes = Math.max(classes, label + 1);
        }
        int[] size = new int[classes];
        for (int label : labels) {
            size[label]++;
        }
        if (java.util.Arrays.stream(size).filter(s -> s > 0).count() < 2) {
            throw new IllegalArgumentException("labels: a silhouette needs points of at least two classes");
        }
        double total = 0;
        int counted = 0;
        for (int i = 0; i < points.length; i++) {
            if (size[labels[i]] < 2) {
                continue;
            }
            double[] sum = new double[classes];
            for (int j = 0; j < points.length; j++) {
                if (j != i) {
                    sum[labels[j]] += distance(points[i], points[j]);
                }
            }
            double a = sum[labels[i]] / (size[labels[i]] - 1), b = Double.POSITIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                if (c != labels[i] && size[c] > 0) {
                    b = Math.min(b, sum[c] / size[c]);
                }
            }
            double largest = Math.max(a, b);
            total += largest > 0 ? (b - a) / largest : 0;
            counted++;
        }
        return counted == 0 ? 0 : total / counted;
    }

    private static double distance(double[] p, double[] q) {
        double s = 0;
        for (int d = 0; d < p.length; d++) {
            double t = p[d] - q[d];
            s += t * t;
        }
        return Math.sqrt(s);
    }
}
