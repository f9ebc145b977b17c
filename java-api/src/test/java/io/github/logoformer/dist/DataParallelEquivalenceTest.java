package io.github.logoformer.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVMs on 127.0.0.1 (c10d TCPStore rendezvous, Gloo all-reduce): after four SAM steps, two ranks with
 * b rows each hold the weights of one process with 2b rows (float32 reduction order apart), also for an
 * uneven split (2 + 1) and a step that leaves rank 1 without rows, and both ranks hold bit-identical
 * weights; the 1.5 kB buckets start during the backward pass. About 10-20 s, mostly JVM and LibTorch start-up.
 */
class DataParallelEquivalenceTest {
    @TempDir
    Path dir;

    @Test
    void twoRanksWithBRowsEachMatchOneProcessWith2BRows() throws Exception {
        List<WorkerJvms.Rank> ranks = WorkerJvms.start(dir, 2, Map.of(), "equivalence");
        for (WorkerJvms.Rank rank : ranks) {
            assertEquals(0, rank.exit(180), rank.output());
            String out = rank.output();
            assertTrue(out.contains("PASS equivalence"), out);
            assertTrue(out.matches("(?s).*[2-9] buckets, .*8 passes, [1-9][0-9]* of \\d+ bucket starts during the backward.*"),
                    "several buckets, some started from the hooks: " + out);
        }
    }
}
