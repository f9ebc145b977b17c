package io.github.logoformer.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same training on one machine: 2 processes x 1 thread (Gloo all-reduce over loopback) against
 * 1 process x 2 threads, with the same job batch (SAM steps of the main job's small LOGO-Former on random
 * clips: no decoding, no evaluation), and 1 process x 1 thread as the reference both should beat. Prints
 * clips per second, bytes all-reduced per step and the time the training thread waited for the all-reduce.
 * Opt in:
 * {@code ./lf test -pl java-api -Dtest=DataParallelThroughputBenchmark -Ddp.benchmark=true -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Ddp.benchmark.batch=16 -Ddp.benchmark.steps=10} are the defaults).
 */
@EnabledIfSystemProperty(named = "dp.benchmark", matches = "true")
class DataParallelThroughputBenchmark {
    @TempDir
    Path dir;

    @Test
    void twoProcessesOfOneThreadAgainstOneProcessOfTwo() throws Exception {
        String batch = System.getProperty("dp.benchmark.batch", "16"), steps = System.getProperty("dp.benchmark.steps", "10");
        for (int round = 0; round < 2; round++) {
            report(WorkerJvms.start(dir.resolve("2x1-" + round), 2, Map.of(), "throughput", batch, steps));
            report(WorkerJvms.start(dir.resolve("1x2-" + round), 1, Map.of("OMP_NUM_THREADS", "2"), "throughput", batch,
                    steps));
            report(WorkerJvms.start(dir.resolve("1x1-" + round), 1, Map.of(), "throughput", batch, steps));
        }
    }

    private static void report(List<WorkerJvms.Rank> ranks) throws Exception {
        for (WorkerJvms.Rank rank : ranks) {
            assertEquals(0, rank.exit(1800), rank.output());
            rank.output().lines().filter(line -> line.startsWith("THROUGHPUT")).forEach(System.out::println);
        }
    }
}
