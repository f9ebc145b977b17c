package io.github.logoformer.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.run.JsonFiles;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** WAR, UAR and per-class recall against hand-computed matrices. */
class ConfusionMatrixTest {
    private static ConfusionMatrix of(long[][] counts) {
        ConfusionMatrix m = new ConfusionMatrix(counts.length);
        for (int t = 0; t < counts.length; t++) {
            for (int p = 0; p < counts.length; p++) {
                for (long k = 0; k < counts[t][p]; k++) {
                    m.add(t, p);
                }
            }
        }
        return m;
    }

    @Test
    void metricsOfAnImbalancedMatrix() {
        // rows = truth: class 0 has 3 clips (2 right), class 1 has 2 (1 right), class 2 has 5 (5 right)
        ConfusionMatrix m = of(new long[][] {{2, 1, 0}, {0, 1, 1}, {0, 0, 5}});
        assertEquals(10, m.total());
        assertEquals(8 / 10.0, m.war(), 1e-12);
        assertEquals(2 / 3.0, m.recall(0), 1e-12);
        assertEquals(0.5, m.recall(1), 1e-12);
        assertEquals(1.0, m.recall(2), 1e-12);
        assertEquals((2 / 3.0 + 0.5 + 1.0) / 3, m.uar(), 1e-12);
    }

    @Test
    void uarSkipsClassesWithoutSamplesAndDiffersFromWar() {
        // class 1 never occurs: its recall is undefined and UAR averages classes 0 and 2
        ConfusionMatrix m = of(new long[][] {{9, 1, 0}, {0, 0, 0}, {1, 0, 1}});
        assertTrue(Double.isNaN(m.recall(1)));
        assertEquals(10 / 12.0, m.war(), 1e-12);
        assertEquals((0.9 + 0.5) / 2, m.uar(), 1e-12);
    }

    @Test
    void jsonHoldsTheMetricsAndTheMatrix() {
        ConfusionMatrix m = of(new long[][] {{1, 1}, {0, 2}});
        Map<String, Object> json = m.toJson(List.of("a", "b"));
        assertEquals(0.75, json.get("war"));
        assertEquals(0.75, (double) json.get("uar"), 1e-12);
        assertEquals(Map.of("a", 0.5, "b", 1.0), json.get("per_class_recall"));
        String text = JsonFiles.text(json);
        assertTrue(text.replaceAll("\\s", "").contains("\"confusion_matrix\":[[1,1],[0,2]]"), text);
        assertThrows(IllegalArgumentException.class, () -> m.add(2, 0));
    }

    @Test
    void flatCountsRoundTripAndBadCountsAreRefused() {
        ConfusionMatrix m = of(new long[][] {{2, 1, 0}, {0, 1, 1}, {0, 0, 5}});
        long[] flat = m.flatCounts();
        assertEquals(List.of(2L, 1L, 0L, 0L, 1L, 1L, 0L, 0L, 5L), java.util.Arrays.stream(flat).boxed().toList());
        assertTrue(java.util.Arrays.deepEquals(m.counts(), ConfusionMatrix.ofCounts(flat, 3).counts()));
        assertEquals("counts: expected 9 (classes squared), got 4",
                assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.ofCounts(new long[4], 3)).getMessage());
        assertEquals("counts: expected >= 0, got -1 at 2", assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.ofCounts(new long[] {0, 0, -1, 0}, 2)).getMessage());
    }
}
