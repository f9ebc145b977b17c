package io.github.logoformer.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rank that fails, dies or hangs in the middle of training stops the other with a message naming the
 * cause, within the timeout, never a hang (two JVMs on 127.0.0.1; ~10-20 s each).
 */
class PeerFailureTest {
    private static final long TIMEOUT_MS = 6000;

    @TempDir
    Path dir;

    private List<WorkerJvms.Rank> start(String fault) throws Exception {
        return WorkerJvms.start(dir, 2, Map.of("LF_TEST_TIMEOUT_MS", Long.toString(TIMEOUT_MS)), "train", fault);
    }

    @Test
    void aRankThatFailsGivesTheOthersItsReason() throws Exception {
        List<WorkerJvms.Rank> ranks = start("throw");
        assertEquals(1, ranks.get(1).exit(120), ranks.get(1).output());
        int code = ranks.get(0).exit(30);
        String out = ranks.get(0).output(), cause = "rank 1: IllegalStateException: simulated failure in step 4";
        // Inside the all-reduce, Gloo sees the closed connection; between steps, the watchdog sees the published failure.
        assertTrue(code == 3 && out.contains("FAILED: rank 0: gradient all-reduce: a peer process died (root cause: "
                + cause + ")") || code == 4 && out.contains("WATCHDOG: rank 0: stopping: another rank failed: " + cause),
                "exit code " + code + ": " + out);
    }

    @Test
    void aRankKilledMidTrainingStopsTheOtherAtOnce() throws Exception {
        List<WorkerJvms.Rank> ranks = start("none");
        ranks.get(1).awaitOutput("step 3", 120);
        long killed = System.nanoTime();
        ranks.get(1).process().destroyForcibly();
        assertEquals(3, ranks.get(0).exit(30), ranks.get(0).output());
        double seconds = (System.nanoTime() - killed) / 1e9;
        String out = ranks.get(0).output();
        assertTrue(out.contains("FAILED: rank 0: gradient all-reduce: a peer process died"), out);
        assertTrue(seconds < TIMEOUT_MS / 1000.0, "noticed after " + seconds + " s, not through the timeout: " + out);
    }

    @Test
    void aRankThatHangsTimesTheOtherOutAndItsWatchdogStopsIt() throws Exception {
        List<WorkerJvms.Rank> ranks = start("hang");
        assertEquals(3, ranks.get(0).exit(120), ranks.get(0).output());
        assertTrue(ranks.get(0).output().contains("FAILED: rank 0: gradient all-reduce: a peer did not answer within 6 s"),
                ranks.get(0).output());
        assertEquals(4, ranks.get(1).exit(30), ranks.get(1).output());
        assertTrue(ranks.get(1).output().contains("WATCHDOG: rank 1: stopping: "), ranks.get(1).output());
    }
}
