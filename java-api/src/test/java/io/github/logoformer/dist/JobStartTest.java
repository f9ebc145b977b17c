package io.github.logoformer.dist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/**
 * Starting a job, with its ranks as threads of this JVM (c10d does not mind): the collectives once all
 * agree, and each way a start goes wrong, with the message each rank gets. A few seconds each.
 */
class JobStartTest {
    private static final DataParallel.Options OPTIONS = new DataParallel.Options(Duration.ofSeconds(2),
            Duration.ofSeconds(20), 1 << 20);

    /** Joins every rank in {@code envs} on its own thread; each result is the job or what join threw. */
    private static List<Object> join(List<DistributedEnvironment> envs, IntFunction<Map<String, String>> job,
            Function<DataParallel, Object> then) {
        List<CompletableFuture<Object>> ranks = new ArrayList<>();
        for (int i = 0; i < envs.size(); i++) {
            DistributedEnvironment env = envs.get(i);
            int index = i;
            ranks.add(CompletableFuture.supplyAsync(() -> {
                try {
                    DataParallel joined = DataParallel.join(env, OPTIONS, job.apply(index), why -> { });
                    return then.apply(joined);
                } catch (RuntimeException e) {
                    return e;
                }
            }, runnable -> new Thread(runnable, "rank-" + env.rank()).start()));
        }
        return ranks.stream().map(CompletableFuture::join).toList();
    }

    private static List<DistributedEnvironment> ranks(int port, int... worlds) {
        List<DistributedEnvironment> envs = new ArrayList<>();
        for (int rank = 0; rank < worlds.length; rank++) {
            envs.add(new DistributedEnvironment(rank, worlds[rank], rank, "127.0.0.1", port));
        }
        return envs;
    }

    private static String message(Object result) {
        return assertInstanceOf(DistributedException.class, result, String.valueOf(result)).getMessage();
    }

    @Test
    void ranksThatAgreeSumBroadcastAndCompareTheirReplicas() throws Exception {
        List<Object> results = join(ranks(WorkerJvms.freePort(), 2, 2), i -> Map.of("the command", "lf train"), job -> {
            double sum = job.sum(1.0 + job.rank(), "a sum");
            long fromZero = job.broadcast(5L + job.rank(), "a broadcast");
            long[] counts = job.sum(new long[] {job.rank(), 10}, "counts");
            Tensor weights = torch.ones(3).mul(torch.scalar_tensor(new org.bytedeco.pytorch.Scalar(job.rank() + 1.0)));
            job.broadcast(List.of(weights), "weights");
            job.checkReplicas(List.of(weights), "after broadcasting");
            Tensor own = torch.ones(2).mul(torch.scalar_tensor(new org.bytedeco.pytorch.Scalar(job.rank() + 1.0)));
            String differ = assertThrows(DistributedException.class, () -> job.checkReplicas(List.of(own), "in the test"))
                    .getMessage();
            job.close();
            return List.of(sum, fromZero, counts, weights.sum().item_double(), differ);
        });
        for (int rank = 0; rank < 2; rank++) {
            List<?> r = assertInstanceOf(List.class, results.get(rank), String.valueOf(results.get(rank)));
            assertEquals(3.0, r.get(0));
            assertEquals(5L, r.get(1));
            assertArrayEquals(new long[] {1, 20}, (long[]) r.get(2));
            assertEquals(3.0, r.get(3), "rank 0's weights everywhere");
            assertEquals("rank " + rank + ": the parameters of rank 1 differ from rank 0's in the test (sum 4.00000000"
                    + " vs 2.00000000, sum of magnitudes 4.00000000 vs 2.00000000): a gradient was not averaged", r.get(4));
        }
    }

    @Test
    void ranksThatDisagreeOnTheJobAreToldWhichEntryAndBothValues() throws Exception {
        List<Object> results = join(ranks(WorkerJvms.freePort(), 2, 2),
                i -> Map.of("the command", i == 0 ? "lf train" : "lf cv"), job -> job);
        String expected = "rank 1 and rank 0 disagree on the command: rank 0 has [lf train], rank 1 has [lf cv]";
        for (int rank = 0; rank < 2; rank++) {
            assertTrue(message(results.get(rank)).endsWith(expected), message(results.get(rank)));
        }
    }

    @Test
    void aWrongWorldSizeIsRefusedBeforeAnyCollective() throws Exception {
        List<Object> results = join(ranks(WorkerJvms.freePort(), 2, 3), i -> Map.of(), job -> job);
        String expected = "rank 1 and rank 0 disagree on WORLD_SIZE: rank 0 has [2], rank 1 has [3]";
        // Rank 0 either finds the disagreement itself or first hears that rank 1 stopped for it: both name it.
        for (int rank = 0; rank < 2; rank++) {
            assertTrue(message(results.get(rank)).endsWith(expected), message(results.get(rank)));
        }
    }

    @Test
    void aRankThatNeverArrivesIsNamedAfterTheJoinTimeout() throws Exception {
        List<Object> results = join(ranks(WorkerJvms.freePort(), 3, 3), i -> Map.of(), job -> job);
        String expected = "rank 2 of 3 did not reach the start within 2 s";
        assertTrue(message(results.get(0)).endsWith(expected), message(results.get(0)));
        assertTrue(message(results.get(1)).endsWith(expected), message(results.get(1)));
    }

    @Test
    void withoutRankZeroTheOthersSayWhereTheyLooked() throws Exception {
        int port = WorkerJvms.freePort();
        String m = message(join(List.of(new DistributedEnvironment(1, 2, 0, "127.0.0.1", port)), i -> Map.of(), job -> job)
                .get(0));
        assertEquals("rank 1 could not reach the rendezvous store at 127.0.0.1:" + port + " within 2 s (is rank 0 running,"
                + " and are MASTER_ADDR and MASTER_PORT the same for every rank?)", m);
    }

    @Test
    void aPortInUseIsNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(0));
            int port = taken.getLocalPort();
            String m = message(join(ranks(port, 2), i -> Map.of(), job -> job).get(0));
            assertEquals("rank 0 cannot serve the rendezvous store: port " + port + " is already in use (choose another"
                    + " MASTER_PORT)", m);
        }
    }

    @Test
    void aRankStartedTwiceIsCalledADuplicate() throws Exception {
        int port = WorkerJvms.freePort();
        List<DistributedEnvironment> envs = new ArrayList<>(ranks(port, 2, 2));
        envs.add(new DistributedEnvironment(1, 2, 1, "127.0.0.1", port));
        List<Object> results = join(envs, i -> Map.of(), job -> job);
        long duplicates = results.stream().filter(r -> r instanceof DistributedException e
                && e.getMessage().contains("rank 1 was started 2 times (duplicate RANK)")).count();
        assertTrue(duplicates >= 1, results.toString());
        // When the duplicate came after the start, the job itself is fine: end it in order.
        List<Thread> ends = results.stream().filter(DataParallel.class::isInstance)
                .map(r -> new Thread(((DataParallel) r)::close)).toList();  // the ranks close together
        ends.forEach(Thread::start);
        for (Thread end : ends) {
            end.join();
        }
    }
}
