package io.github.logoformer.dist;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bytedeco.javacpp.SizeTPointer;
import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.Store;
import org.bytedeco.pytorch.StringVector;
import org.bytedeco.pytorch.TCPStore;
import org.bytedeco.pytorch.TCPStoreOptions;

/**
 * The job's meeting point: c10d's {@code TCPStore}, served by rank 0 at {@code MASTER_ADDR:MASTER_PORT},
 * and what the ranks settle through it before and besides the process group: that each rank was started
 * once, that all agree on the job ({@link #agree}), who failed and why (the abort key), and an orderly
 * goodbye so that rank 0's server outlives every client's last request.
 *
 * <p><b>The intrusive-pointer rule.</b> The presets hand a Java-allocated c10d object (this
 * {@code TCPStore}) to an {@code intrusive_ptr} parameter by adopting it with a reference count of 1
 * while Java still owns it; a second such hand-over aborts the JVM ({@code "intrusive_ptr: Newly-created
 * target had non-zero refcounts"}). The raw store therefore never leaves this class: c10d objects get
 * {@link #connection()}, a {@code clone()} that c10d itself allocated.
 */
final class Rendezvous implements AutoCloseable {
    private static final String PREFIX = "lf/";
    private static final String ABORT = PREFIX + "abort";
    private static final long POLL_MS = 20;

    private final DistributedEnvironment env;
    private final Duration timeout;
    private final TCPStore store;
    private int agreements;

    private Rendezvous(DistributedEnvironment env, Duration timeout, TCPStore store) {
        this.env = env;
        this.timeout = timeout;
        this.store = store;
    }

    /**
     * Connects to (rank 0: serves) the store, waiting up to {@code joinTimeout} for rank 0, and claims this
     * rank; {@code timeout} bounds every later wait.
     */
    static Rendezvous open(DistributedEnvironment env, Duration joinTimeout, Duration timeout) {
        Rendezvous rendezvous = new Rendezvous(env, timeout, connect(env, joinTimeout));
        rendezvous.store.setTimeout(new Milliseconds(timeout.toMillis()));
        rendezvous.claim();
        return rendezvous;
    }

    int rank() {
        return env.rank();
    }

    int world() {
        return env.world();
    }

    Duration timeout() {
        return timeout;
    }

    String masterAddress() {
        return env.masterAddress();
    }

    String where() {
        return env.masterAddress() + ":" + env.masterPort();
    }

    /** A new client of the store, allocated by c10d: the form to hand to c10d objects (see the class comment). */
    Store connection() {
        return store.clone();
    }

    /**
     * Every rank publishes {@code mine} and waits until all have, then compares them with rank 0's; all
     * ranks reach the same verdict. Calls must come in the same order on every rank.
     *
     * @param what the stage, for messages ("the start", "the run")
     * @param wait how long to wait for the last rank
     * @throws DistributedException naming the first rank and entry that differ from rank 0's, or the ranks
     *     that did not arrive within the timeout, or another rank's published failure
     */
    void agree(String what, Map<String, String> mine, Duration wait) {
        String base = PREFIX + "agree/" + agreements++ + "/";
        store.set(base + rank(), encode(mine));
        StringVector all = new StringVector();
        for (int r = 0; r < world(); r++) {
            all.push_back(base + r);
        }
        StringVector beyond = new StringVector(base + world());
        long deadline = System.nanoTime() + wait.toNanos();
        while (!store.check(all)) {
            throwIfAborted();
            compare(base, mine, false);
            if (store.check(beyond)) {
                abort("a rank with RANK=" + world() + " joined, but this rank has WORLD_SIZE=" + world());
            }
            if (System.nanoTime() > deadline) {
                abort(missing(base) + " of " + world() + " did not reach " + what + " within " + seconds(wait));
            }
            sleep(POLL_MS);
        }
        compare(base, mine, true);
        throwIfAborted();
    }

    /** Publishes why this rank stops (the first failure published wins), for the other ranks' messages. */
    void publishFailure(String reason) {
        String own = "rank " + rank() + ": ";
        try {
            store.compareSet(ABORT, "", own + (reason.startsWith(own) ? reason.substring(own.length()) : reason));
        } catch (RuntimeException gone) {
            // rank 0's store is gone: the others learn it from their own connections
        }
    }

    /** The failure another rank published, "the rendezvous store on rank 0 is gone", or null. */
    String rootCause() {
        try {
            store.setTimeout(new Milliseconds(500));
            return store.check(new StringVector(ABORT)) ? store.get_to_str(ABORT) : null;
        } catch (RuntimeException e) {
            return "the rendezvous store (rank 0, " + where() + ") is gone";
        } finally {
            try {
                store.setTimeout(new Milliseconds(timeout.toMillis()));
            } catch (RuntimeException ignored) {
                // the same dead connection; the caller is failing already
            }
        }
    }

    /** The key the {@link Watchdog} polls. */
    static String abortKey() {
        return ABORT;
    }

    /**
     * The goodbye: every rank checks out, and rank 0 waits until all have before its server may close, so
     * that no rank's last request meets a closed socket.
     */
    void leave() {
        long n = store.add(PREFIX + "bye", 1);
        StringVector all = new StringVector(PREFIX + "bye-all");
        if (n == world()) {
            store.set(PREFIX + "bye-all", "1");
        }
        if (rank() == 0) {
            store._wait(all, new Milliseconds(timeout.toMillis()));
        }
    }

    @Override
    public void close() {
        store.close();
    }

    private void claim() {
        long claims = store.add(PREFIX + "claim/" + rank(), 1);
        if (claims > 1) {
            String m = "rank " + rank() + " was started " + claims + " times (duplicate RANK)";
            if (startAgreed()) {  // a late duplicate of a running job must not stop that job
                throw new DistributedException("rank " + rank() + ": " + m + "; the job had already started, so only"
                        + " this process stops");
            }
            abort(m);
        }
    }

    private boolean startAgreed() {
        StringVector all = new StringVector();
        for (int r = 0; r < world(); r++) {
            all.push_back(PREFIX + "agree/0/" + r);
        }
        return store.check(all);
    }

    /**
     * The line naming a disagreement, the lower rank's value first: the same words whichever rank found it
     * (rank 0 may publish while a rank that arrived first is comparing against its own entries).
     */
    private static String disagreement(String entry, int rankA, String valueA, int rankB, String valueB) {
        boolean aFirst = rankA < rankB;
        int low = aFirst ? rankA : rankB, high = aFirst ? rankB : rankA;
        String lowValue = aFirst ? valueA : valueB, highValue = aFirst ? valueB : valueA;
        return "rank " + high + " and rank " + low + " disagree on " + entry + ": rank " + low + " has ["
                + (lowValue == null ? "nothing" : lowValue) + "], rank " + high + " has ["
                + (highValue == null ? "nothing" : highValue) + "]";
    }

    /** Compares every published rank's entries with rank 0's (or, before rank 0 arrived, with ours). */
    private void compare(String base, Map<String, String> mine, boolean complete) {
        StringVector zeroKey = new StringVector(base + 0);
        boolean zeroHere = complete || store.check(zeroKey);
        Map<String, String> reference = zeroHere ? decode(store.get_to_str(base + 0)) : mine;
        int referenceRank = zeroHere ? 0 : rank();
        for (int r = 0; r < world(); r++) {
            if (r == referenceRank || (!complete && !store.check(new StringVector(base + r)))) {
                continue;
            }
            Map<String, String> theirs = r == rank() ? mine : decode(store.get_to_str(base + r));
            for (Map.Entry<String, String> entry : reference.entrySet()) {
                String value = theirs.get(entry.getKey());
                if (!entry.getValue().equals(value)) {
                    abort(disagreement(entry.getKey(), referenceRank, entry.getValue(), r, value));
                }
            }
        }
    }

    private String missing(String base) {
        List<Integer> absent = new ArrayList<>();
        for (int r = 0; r < world(); r++) {
            if (!store.check(new StringVector(base + r))) {
                absent.add(r);
            }
        }
        return (absent.size() == 1 ? "rank " : "ranks ") + absent.toString().replaceAll("[\\[\\]]", "");
    }

    private void throwIfAborted() {
        if (store.check(new StringVector(ABORT))) {
            throw new DistributedException("rank " + rank() + ": stopped because another rank failed: "
                    + store.get_to_str(ABORT));
        }
    }

    /** Publishes the reason, so that the other ranks stop with it, and throws it here. */
    private void abort(String reason) {
        publishFailure(reason);
        throw new DistributedException("rank " + rank() + ": " + reason);
    }

    private static String encode(Map<String, String> entries) {
        StringBuilder text = new StringBuilder();
        entries.forEach((k, v) -> text.append(k.replace('\n', ' ').replace('=', ' ')).append('=')
                .append(v.replace('\n', ' ')).append('\n'));
        return text.toString();
    }

    private static Map<String, String> decode(String text) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                entries.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return entries;
    }

    /**
     * Creates the store on a helper thread under a Java deadline: a client that reaches a foreign program
     * listening on MASTER_PORT blocks in its first exchange, ignoring its own timeout, until that program
     * hangs up. The client retries once after up to half its timeout, hence twice the timeout plus 2 s.
     */
    private static TCPStore connect(DistributedEnvironment env, Duration timeout) {
        TCPStoreOptions options = storeOptions(env, timeout);  // loads LibTorch here, outside the deadline
        CompletableFuture<TCPStore> created = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                created.complete(new TCPStore(env.masterAddress(), options));
            } catch (Throwable e) {
                created.completeExceptionally(e);
            }
        }, "rendezvous-connect");
        thread.setDaemon(true);
        thread.start();
        long limit = 2 * timeout.toMillis() + 2000;
        String where = env.masterAddress() + ":" + env.masterPort();
        try {
            return created.get(limit, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new DistributedException("rank " + env.rank() + ": no c10d store answered at " + where + " within "
                    + seconds(Duration.ofMillis(limit)) + ": is another program listening on MASTER_PORT?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DistributedException("rank " + env.rank() + ": interrupted while connecting to " + where, e);
        } catch (ExecutionException e) {
            String m = C10dErrors.message(e.getCause());
            if (m.contains("Address already in use")) {
                throw new DistributedException("rank 0 cannot serve the rendezvous store: port " + env.masterPort()
                        + " is already in use (choose another MASTER_PORT)", e.getCause());
            }
            if (C10dErrors.timedOut(m) || C10dErrors.peerDied(m)) {
                throw new DistributedException("rank " + env.rank() + " could not reach the rendezvous store at " + where
                        + " within " + seconds(timeout) + " (is rank 0 running, and are MASTER_ADDR and MASTER_PORT the"
                        + " same for every rank?)", e.getCause());
            }
            throw new DistributedException("rank " + env.rank() + ": the rendezvous store at " + where + " failed: " + m,
                    e.getCause());
        }
    }

    /** Rank 0 serves; nobody waits in the constructor (the start agreement waits, naming who is missing). */
    private static TCPStoreOptions storeOptions(DistributedEnvironment env, Duration timeout) {
        TCPStoreOptions options = new TCPStoreOptions();
        options.port((short) env.masterPort());  // uint16_t in C++: the cast keeps the bits
        options.isServer(env.rank() == 0);
        options.numWorkers(new SizeTPointer(1).put(env.world()));
        options.waitWorkers(false);
        options.timeout(new Milliseconds(timeout.toMillis()));
        options.useLibUV(false);
        return options;
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DistributedException("interrupted while waiting for the other ranks", e);
        }
    }
}
