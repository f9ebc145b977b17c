package io.github.logoformer.explain;

import java.util.Random;

/**
 * Exact t-SNE (van der Maaten and Hinton, 2008) to two dimensions, O(n^2) time and memory: fine up to a
 * few thousand points (a test split). Written here because no well-kept, permissively licensed t-SNE is on
 * Maven Central (README, "Explaining a prediction"). The schedule is scikit-learn's and openTSNE's:
 * per-point Gaussian bandwidths found by bisection to the perplexity, symmetrised P, early exaggeration 12
 * for 250 iterations with momentum 0.5, then momentum 0.8, per-coordinate gains (+0.2 / x0.8, at least
 * 0.01), learning rate max(n / 12 / 4, 50), initial points N(0, 1e-4 I) from the seed. Deterministic for a
 * seed.
 */
public final class Tsne {
    static final double EXAGGERATION = 12;
    static final int EXAGGERATED_ITERATIONS = 250;

    private Tsne() {}

    /**
     * @param points n rows of equal length, n >= 4
     * @param perplexity the effective number of neighbours, lowered to (n - 1) / 3 where larger
     * @return n rows of 2 coordinates
     */
    public static double[][] embed(double[][] points, double perplexity, int iterations, long seed) {
        int n = points.length;
        if (n < 4) {
            throw new IllegalArgumentException("points: t-SNE needs at least 4 points, got " + n);
        }
        if (!(perplexity > 0) || iterations < 1) {
            throw new IllegalArgumentException("perplexity and iterations: expected > 0 and >= 1, got " + perplexity
                    + " and " + iterations);
        }
        double[] p = affinities(points, Math.min(perplexity, (n - 1) / 3.0));
        Random random = new Random(seed);
        double[] y = new double[2 * n], update = new double[2 * n], gains = new double[2 * n], grad = new double[2 * n];
        for (int i = 0; i < y.length; i++) {
            y[i] = 1e-2 * random.nextGaussian();
            gains[i] = 1;
        }
        double rate = Math.max(n / EXAGGERATION / 4, 50);
        for (int it = 0; it < iterations; it++) {
            boolean early = it < EXAGGERATED_ITERATIONS;
            gradient(p, y, early ? EXAGGERATION : 1, grad);
            double momentum = early ? 0.5 : 0.8;
            for (int i = 0; i < y.length; i++) {
                gains[i] = Math.signum(grad[i]) != Math.signum(update[i]) ? gains[i] + 0.2 : Math.max(0.01, gains[i] * 0.8);
                update[i] = momentum * update[i] - rate * gains[i] * grad[i];
                y[i] += update[i];
            }
        }
        double[][] out = new double[n][2];
        for (int i = 0; i < n; i++) {
            out[i][0] = y[2 * i];
            out[i][1] = y[2 * i + 1];
        }
        return out;
    }

    /** Symmetrised joint probabilities P [n * n] (zero diagonal, summing to 1) at {@code perplexity}. */
    static double[] affinities(double[][] points, double perplexity) {
        int n = points.length;
        double[] distances = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0;
                for (int k = 0; k < points[i].length; k++) {
                    double t = points[i][k] - points[j][k];
                    s += t * t;
                }
                distances[i * n + j] = distances[j * n + i] = s;
            }
        }
        double[] conditional = new double[n * n];
        double target = Math.log(perplexity);
        for (int i = 0; i < n; i++) {
            double lo = 0, hi = Double.POSITIVE_INFINITY, beta = 1;
            for (int step = 0; step < 100; step++) {
                double entropy = conditionalRow(distances, i, n, beta, conditional);
                if (Math.abs(entropy - target) < 1e-5) {
                    break;
                }
                if (entropy > target) {  // too flat: narrower Gaussian
                    lo = beta;
                    beta = Double.isInfinite(hi) ? beta * 2 : (beta + hi) / 2;
                } else {
                    hi = beta;
                    beta = (beta + lo) / 2;
                }
            }
        }
        double[] p = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                p[i * n + j] = Math.max((conditional[i * n + j] + conditional[j * n + i]) / (2 * n), 1e-12);
            }
            p[i * n + i] = 0;
        }
        return p;
    }

    /** Writes row i of P(j | i) at precision {@code beta} into {@code out}; returns its entropy (nats). */
    private static double conditionalRow(double[] distances, int i, int n, double beta, double[] out) {
        // Shifted by the nearest neighbour's distance so that exp does not underflow for far-apart rows.
        double nearest = Double.POSITIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            if (j != i) {
                nearest = Math.min(nearest, distances[i * n + j]);
            }
        }
        double sum = 0, weighted = 0;
        for (int j = 0; j < n; j++) {
            double d = distances[i * n + j] - nearest;
            double e = j == i ? 0 : Math.exp(-beta * d);
            out[i * n + j] = e;
            sum += e;
            weighted += e * d;
        }
        for (int j = 0; j < n; j++) {
            out[i * n + j] /= sum;
        }
        return Math.log(sum) + beta * weighted / sum;
    }

    /**
     * The gradient of KL(exaggeration * P || Q) with respect to y [2n], into {@code grad}. Two passes over
     * the pairs (the normaliser Z, then the forces) instead of an n x n kernel buffer per iteration.
     */
    static void gradient(double[] p, double[] y, double exaggeration, double[] grad) {
        int n = y.length / 2;
        double z = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                z += 2 * studentT(y, i, j);
            }
        }
        java.util.Arrays.fill(grad, 0);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    double wij = studentT(y, i, j), f = 4 * (exaggeration * p[i * n + j] - wij / z) * wij;
                    grad[2 * i] += f * (y[2 * i] - y[2 * j]);
                    grad[2 * i + 1] += f * (y[2 * i + 1] - y[2 * j + 1]);
                }
            }
        }
    }

    /** KL(P || Q), the cost t-SNE minimises. */
    static double cost(double[] p, double[] y) {
        double[] w = kernel(y);
        double z = sum(w), kl = 0;
        int n = y.length / 2;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double pij = p[i * n + j];
                if (i != j && pij > 0) {
                    kl += pij * Math.log(pij / (w[i * n + j] / z));
                }
            }
        }
        return kl;
    }

    /** The Student-t kernel 1 / (1 + |y_i - y_j|^2), zero on the diagonal. */
    private static double[] kernel(double[] y) {
        int n = y.length / 2;
        double[] w = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                w[i * n + j] = w[j * n + i] = studentT(y, i, j);
            }
        }
        return w;
    }

    private static double studentT(double[] y, int i, int j) {
        double dx = y[2 * i] - y[2 * j], dy = y[2 * i + 1] - y[2 * j + 1];
        return 1 / (1 + dx * dx + dy * dy);
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }
}
