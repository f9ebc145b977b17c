package io.github.logoformer.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SilhouetteTest {
    /**
     * Points 0, 1 (class 0) and 4, 6 (class 1) on a line. s(0) = (5 - 1) / 5, s(1) = (4 - 1) / 4,
     * s(4) = (3.5 - 2) / 3.5, s(6) = (5.5 - 2) / 5.5.
     */
    @Test
    void matchesAHandComputedExample() {
        double[][] x = {{0}, {1}, {4}, {6}};
        double want = (4 / 5.0 + 3 / 4.0 + 1.5 / 3.5 + 3.5 / 5.5) / 4;
        assertEquals(want, Silhouette.score(x, new int[] {0, 0, 1, 1}), 1e-12);
    }

    @Test
    void knownClustersScoreHigherThanShuffledLabels() {
        int[] labels = new int[120];
        double[][] x = TsneTest.clusters(4, 30, 16, 2, 5, labels);
        int[] shuffled = labels.clone();
        Random random = new Random(6);
        for (int i = shuffled.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1), t = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = t;
        }
        double clustered = Silhouette.score(x, labels), mixed = Silhouette.score(x, shuffled);
        assertTrue(clustered > 0.2 && mixed < 0.05 && clustered > mixed + 0.2, clustered + " vs shuffled " + mixed);
    }

    @Test
    void refusesASingleClass() {
        var e = assertThrows(IllegalArgumentException.class, () -> Silhouette.score(new double[][] {{0}, {1}}, new int[] {1, 1}));
        assertEquals("labels: a silhouette needs points of at least two classes", e.getMessage());
    }
}
