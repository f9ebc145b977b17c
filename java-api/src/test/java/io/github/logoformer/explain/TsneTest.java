package io.github.logoformer.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TsneTest {
    /** {@code clusters} Gaussian clusters of unit spread, centres {@code spread} apart on average, in {@code dim}-D. */
    static double[][] clusters(int clusters, int perCluster, int dim, double spread, long seed, int[] labels) {
        Random random = new Random(seed);
        double[][] centres = new double[clusters][dim];
        for (double[] c : centres) {
            for (int d = 0; d < dim; d++) {
                c[d] = spread * random.nextGaussian();
            }
        }
        double[][] points = new double[clusters * perCluster][dim];
        for (int i = 0; i < points.length; i++) {
            labels[i] = i % clusters;
            for (int d = 0; d < dim; d++) {
                points[i][d] = centres[labels[i]][d] + random.nextGaussian();
            }
        }
        return points;
    }

    @Test
    void gradientMatchesFiniteDifferencesOfTheKlCost() {
        Random random = new Random(1);
        double[][] x = new double[9][5];
        for (double[] row : x) {
            for (int d = 0; d < row.length; d++) {
                row[d] = random.nextGaussian();
            }
        }
        double[] p = Tsne.affinities(x, 2.5);
        double[] y = new double[18];
        for (int i = 0; i < y.length; i++) {
            y[i] = random.nextGaussian();
        }
        double[] grad = new double[y.length];
        Tsne.gradient(p, y, 1, grad);
        double eps = 1e-6;
        for (int i = 0; i < y.length; i++) {
            double saved = y[i];
            y[i] = saved + eps;
            double plus = Tsne.cost(p, y);
            y[i] = saved - eps;
            double minus = Tsne.cost(p, y);
            y[i] = saved;
            assertEquals((plus - minus) / (2 * eps), grad[i], 1e-7, "coordinate " + i);
        }
    }

    @Test
    void affinitiesAreSymmetricSumToOneAndMeetThePerplexity() {
        int[] labels = new int[40];
        double[][] x = clusters(2, 20, 6, 3, 2, labels);
        double[] p = Tsne.affinities(x, 5);
        double total = 0;
        for (int i = 0; i < 40; i++) {
            assertEquals(0, p[i * 40 + i]);
            for (int j = 0; j < 40; j++) {
                assertEquals(p[i * 40 + j], p[j * 40 + i], 1e-15);
                total += p[i * 40 + j];
            }
        }
        assertEquals(1, total, 1e-9);
    }

    @Test
    void separatedGaussianClustersGiveATightSeedReproduciblePlot() {
        int[] labels = new int[150];
        double[][] x = clusters(3, 50, 32, 3, 3, labels);
        double inputSilhouette = Silhouette.score(x, labels);
        double[][] y = Tsne.embed(x, 20, 500, 7);
        double planeSilhouette = Silhouette.score(y, labels);
        assertTrue(planeSilhouette > 0.8 && planeSilhouette > inputSilhouette,
                "silhouette " + planeSilhouette + " in 2-D, " + inputSilhouette + " in the input");
        double[][] again = Tsne.embed(x, 20, 500, 7);
        for (int i = 0; i < y.length; i++) {
            assertArrayEquals(y[i], again[i]);
        }
    }

    @Test
    void refusesTooFewPoints() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tsne.embed(new double[3][2], 30, 10, 0));
        assertEquals("points: t-SNE needs at least 4 points, got 3", e.getMessage());
    }
}
