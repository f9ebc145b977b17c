package io.github.logoformer.panama;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.logoformer.abi.Reduction;
import io.github.logoformer.kernels.LogoformerNative;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * FFM calls from several threads at once: each thread's results equal the single-threaded ones bit for
 * bit, and a thread whose calls fail reads its own error message, not another thread's.
 */
class ConcurrentCallsTest {
    static final int THREADS = 4, ROUNDS = 25;

    @BeforeAll
    static void loadThroughJavaCpp() {
        LogoformerNative.load();
    }

    @Test
    void concurrentCallsGiveTheSingleThreadedResultsAndTheirOwnErrors() throws Exception {
        try (Arena shared = Arena.ofShared(); ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1)) {
            List<WindowAttentionTest.Inputs> inputs = new ArrayList<>();
            List<WindowAttentionTest.Results> expected = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                inputs.add(WindowAttentionTest.Inputs.random(shared, 100 + t));
                expected.add(WindowAttentionTest.Results.nan(shared));
                WindowAttentionTest.runFfm(inputs.get(t), expected.get(t), WindowAttentionTest.CONFIG);
            }
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    try (Arena arena = Arena.ofConfined()) {
                        for (int round = 0; round < ROUNDS; round++) {
                            WindowAttentionTest.Results results = WindowAttentionTest.Results.nan(arena);
                            WindowAttentionTest.runFfm(inputs.get(thread), results, WindowAttentionTest.CONFIG);
                            results.assertSameBits(expected.get(thread));
                        }
                    }
                }));
            }
            futures.add(pool.submit(ConcurrentCallsTest::failingCalls));
            for (Future<?> future : futures) {
                future.get();
            }
        }
    }

    /** Out-of-range targets in a different row each time: the message must name this call's row. */
    private static void failingCalls() {
        try (Arena arena = Arena.ofConfined()) {
            TensorSegment logits = TensorSegment.contiguous(Segments.randomFloats(arena, 4 * 3, 7), 4, 3);
            for (int round = 0; round < ROUNDS * 4; round++) {
                int row = round % 4;
                MemorySegment targets = arena.allocate(ValueLayout.JAVA_LONG, 4);
                targets.setAtIndex(ValueLayout.JAVA_LONG, row, 3 + round);
                IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                        () -> CompactLoss.forward(logits, TensorSegment.contiguous(targets, 4), 0.5, Reduction.SUM,
                                arena.allocate(ValueLayout.JAVA_FLOAT), null));
                assertEquals("lf_compact_loss_fwd: LF_ERROR_INVALID_ARGUMENT: targets: expected class indices in "
                        + "[0, classes = 3), got " + (3 + round) + " at row " + row, e.getMessage());
            }
        }
    }
}
