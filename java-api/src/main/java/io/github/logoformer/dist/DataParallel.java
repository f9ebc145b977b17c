package io.github.logoformer.dist;

import io.github.logoformer.data.Shard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * This process's place in a data-parallel job on LibTorch's c10d, and what training asks of the job:
 * every rank holds the whole model, trains on its {@link #shard()} of each batch, and averages gradients
 * with the others ({@link #gradientBuckets}); rank 0 ({@link #isMain()}) reads and writes the run folder.
 *
 * <p>{@link #join} meets the other ranks at rank 0's {@code TCPStore} ({@code MASTER_ADDR:MASTER_PORT}),
 * checks that every rank was started once and that all agree on the world size, the library version and
 * the job, then builds one Gloo process group (all-reduce on CPU tensors) and starts a {@link Watchdog}.
 * Every wait is bounded by the timeout: a rank that dies is noticed at once (its sockets close), one
 * that never arrives or stops answering after the timeout, and each rank then stops with a message that
 * names the cause. {@link #single()} is the one-process job: every operation returns at once.
 *
 * <p>Collectives must be called in the same order on every rank.
 */
public final class DataParallel implements AutoCloseable {
    /**
     * @param joinTimeout how long the ranks wait for each other at the start (machines may start minutes apart)
     * @param timeout how long a rank waits for the others afterwards: inside a collective, at an
     *     agreement, at the goodbye; a rank that stops answering is given up after it
     * @param bucketBytes the gradient bucket size (PyTorch DDP's default is 25 MiB)
     */
    public record Options(Duration joinTimeout, Duration timeout, long bucketBytes) {
        public static final Options DEFAULT = new Options(Duration.ofMinutes(10), Duration.ofMinutes(5), 25L << 20);

        public Options {
            if (joinTimeout.toMillis() < 100) {
                throw new IllegalArgumentException("join timeout: expected >= 0.1 s, got " + joinTimeout.toMillis() + " ms");
            }
            if (timeout.toMillis() < 100) {
                throw new IllegalArgumentException("timeout: expected >= 0.1 s, got " + timeout.toMillis() + " ms");
            }
            if (bucketBytes < 1) {
                throw new IllegalArgumentException("bucket size: expected >= 1 byte, got " + bucketBytes);
            }
        }
    }

    private static final long WATCHDOG_PERIOD_MS = 1000;
    private static final double REPLICA_TOLERANCE = 1e-6;

    private final int rank;
    private final int world;
    private final Options options;
    private final Rendezvous rendezvous;
    private final Collectives collectives;
    private final Watchdog watchdog;
    private final List<GradientBuckets> allBuckets = new ArrayList<>();
    private boolean ended;

    private DataParallel(int rank, int world, Options options, Rendezvous rendezvous, Collectives collectives,
            Watchdog watchdog) {
        this.rank = rank;
        this.world = world;
        this.options = options;
        this.rendezvous = rendezvous;
        this.collectives = collectives;
        this.watchdog = watchdog;
    }

    /** The one-process job. */
    public static DataParallel single() {
        return new DataParallel(0, 1, Options.DEFAULT, null, null, null);
    }

    /**
     * Joins the job {@code env} describes ({@link #single()} when it is one process).
     *
     * @param job what every rank must agree on besides world size and version (e.g. the command); each
     *     entry is compared with rank 0's, and a difference names the entry and both values
     * @param onPeerFailure called from the watchdog thread when another rank published a failure or rank
     *     0's store is gone while this rank is busy outside a collective; the command line exits there
     * @throws DistributedException when the job cannot start; the message names the cause
     */
    public static DataParallel join(DistributedEnvironment env, Options options, Map<String, String> job,
            Consumer<String> onPeerFailure) {
        if (!env.distributed()) {
            return single();
        }
        Rendezvous rendezvous = Rendezvous.open(env, options.joinTimeout(), options.timeout());
        try {
            Map<String, String> start = new LinkedHashMap<>();
            start.put("WORLD_SIZE", Integer.toString(env.world()));
            start.put("the library version", version());
            start.putAll(job);
            rendezvous.agree("the start", start, options.joinTimeout());
            Collectives collectives = new Collectives(rendezvous);
            Watchdog watchdog = new Watchdog(rendezvous.connection(), env.rank(), rendezvous.where(), WATCHDOG_PERIOD_MS,
                    onPeerFailure);
            return new DataParallel(env.rank(), env.world(), options, rendezvous, collectives, watchdog);
        } catch (RuntimeException e) {
            rendezvous.publishFailure(String.valueOf(e.getMessage()));
            throw e;
        }
    }

    private static String version() {
        String v = DataParallel.class.getPackage().getImplementationVersion();
        return v != null ? v : "development build";
    }

    public int rank() {
        return rank;
    }

    public int world() {
        return world;
    }

    /** Rank 0: reads and writes the run folder, reports. */
    public boolean isMain() {
        return rank == 0;
    }

    public Shard shard() {
        return new Shard(rank, world);
    }

    public Options options() {
        return options;
    }

    /** Checks that every rank has the same {@code entries} (through the store; works before and after training). */
    public void agree(String what, Map<String, String> entries) {
        if (world > 1) {
            rendezvous.agree(what, entries, options.timeout());
        }
    }

    /** Rank 0's {@code value}, on every rank. */
    public long broadcast(long value, String what) {
        if (world == 1) {
            return value;
        }
        Tensor t = torch.full(new long[] {1}, new Scalar(value), new TensorOptions(torch.ScalarType.Long));
        collectives.broadcast(t, what);
        return t.item_long();
    }

    /** Overwrites {@code tensors} on every rank with rank 0's, one broadcast per dtype. */
    public void broadcast(List<Tensor> tensors, String what) {
        if (world == 1 || tensors.isEmpty()) {
            return;
        }
        Map<String, TensorVector> byType = new LinkedHashMap<>();
        for (Tensor t : tensors) {
            byType.computeIfAbsent(t.scalar_type().intern().name(), k -> new TensorVector()).push_back(t);
        }
        try (NoGradGuard guard = new NoGradGuard()) {
            for (TensorVector group : byType.values()) {
                Tensor flat = torch.flatten_dense_tensors(group);
                collectives.broadcast(flat, what);
                TensorVector parts = torch.unflatten_dense_tensors(flat, group);
                for (long i = 0; i < group.size(); i++) {
                    group.get(i).copy_(parts.get(i));
                }
            }
        }
    }

    /** The sum of {@code value} over the ranks. */
    public double sum(double value, String what) {
        if (world == 1) {
            return value;
        }
        Tensor t = torch.full(new long[] {1}, new Scalar(value), new TensorOptions(torch.ScalarType.Double));
        collectives.sum(t, what);
        return t.item_double();
    }

    /** The element-wise sum of {@code values} over the ranks (a new array). */
    public long[] sum(long[] values, String what) {
        if (world == 1) {
            return values.clone();
        }
        Tensor t = torch.empty(new long[] {values.length}, new TensorOptions(torch.ScalarType.Long),
                new MemoryFormatOptional());
        t.data_ptr_long().put(values);
        collectives.sum(t, what);
        long[] out = new long[values.length];
        t.data_ptr_long().get(out);
        return out;
    }

    /**
     * Checks that every rank holds the same parameters (float64 sum and sum of magnitudes, to a relative
     * 1e-6): replicas that drift apart mean a gradient was not averaged.
     *
     * @throws DistributedException naming the first rank that differs from rank 0
     */
    public void checkReplicas(List<Tensor> parameters, String when) {
        if (world == 1) {
            return;
        }
        double sum = 0, magnitude = 0;
        try (NoGradGuard guard = new NoGradGuard()) {
            for (Tensor p : parameters) {
                Tensor d = p.to(torch.ScalarType.Double);
                sum += d.sum().item_double();
                magnitude += d.abs().sum().item_double();
            }
        }
        Tensor rows = torch.zeros(world, 2).to(torch.ScalarType.Double).contiguous();
        rows.data_ptr_double().put(2L * rank, sum);
        rows.data_ptr_double().put(2L * rank + 1, magnitude);
        collectives.sum(rows, "comparing the replicas");
        double[] all = new double[2 * world];
        rows.data_ptr_double().get(all);
        double tolerance = REPLICA_TOLERANCE * Math.max(all[1], Double.MIN_NORMAL);
        for (int r = 1; r < world; r++) {
            if (!(Math.abs(all[2 * r] - all[0]) <= tolerance && Math.abs(all[2 * r + 1] - all[1]) <= tolerance)) {
                throw new DistributedException(String.format(Locale.ROOT, "rank %d: the parameters of rank %d differ from"
                        + " rank 0's %s (sum %.9g vs %.9g, sum of magnitudes %.9g vs %.9g): a gradient was not averaged",
                        rank, r, when, all[2 * r], all[0], all[2 * r + 1], all[1]));
            }
        }
    }

    /**
     * Buckets that average the gradients of {@code parameters} (the trained ones, in registration order)
     * over the ranks after each backward pass; inert in a one-process job. Close them when training ends.
     */
    public GradientBuckets gradientBuckets(List<Tensor> parameters) {
        GradientBuckets buckets = world == 1 ? GradientBuckets.none()
                : new GradientBuckets(collectives, parameters, options.bucketBytes());
        allBuckets.add(buckets);
        return buckets;
    }

    /** What gradient averaging cost, over every set of buckets made here (a cross-validation makes one per fold). */
    public GradientTraffic traffic() {
        int buckets = 0;
        long bytes = 0, passes = 0, wait = 0, early = 0;
        for (GradientBuckets b : allBuckets) {
            GradientTraffic t = b.traffic();
            buckets = Math.max(buckets, t.buckets());
            bytes = Math.max(bytes, t.bytesPerPass());
            passes += t.passes();
            wait += t.waitNanos();
            early += t.startedDuringBackward();
        }
        return new GradientTraffic(buckets, bytes, passes, wait, early);
    }

    /**
     * Tells the other ranks why this one stops (they report it as the root cause) and stops the watchdog;
     * the caller then exits, which closes this rank's sockets. No collective runs after this.
     */
    public void fail(Throwable cause) {
        if (world == 1 || ended) {
            return;
        }
        ended = true;
        watchdog.stop();
        rendezvous.publishFailure(cause instanceof DistributedException ? cause.getMessage()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }

    /**
     * The orderly end, on every rank: a barrier, the group's shutdown, and the goodbye after which rank 0
     * closes the store.
     *
     * @throws DistributedException when a peer died or did not arrive within the timeout
     */
    @Override
    public void close() {
        if (world == 1 || ended) {
            return;
        }
        ended = true;
        collectives.barrier("the final barrier");
        collectives.close();
        watchdog.stop();
        try {
            rendezvous.leave();
        } catch (RuntimeException e) {
            throw new DistributedException("rank " + rank + ": the goodbye: " + C10dErrors.message(e), e);
        }
        rendezvous.close();
    }
}
