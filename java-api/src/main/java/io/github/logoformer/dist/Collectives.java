package io.github.logoformer.dist;

import org.bytedeco.javacpp.chrono.Milliseconds;
import org.bytedeco.pytorch.AllreduceOptions;
import org.bytedeco.pytorch.BarrierOptions;
import org.bytedeco.pytorch.BroadcastOptions;
import org.bytedeco.pytorch.GlooDeviceVector;
import org.bytedeco.pytorch.ProcessGroupGloo;
import org.bytedeco.pytorch.ReduceOp;
import org.bytedeco.pytorch.Store;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.Work;

/**
 * The job's Gloo process group, and the collectives the training needs, each turning c10d's failures
 * into a {@link DistributedException} that says what failed, whether the peer died or stayed silent
 * for the timeout, and the root cause another rank published.
 *
 * <p>One flat tensor per call: {@code allreduce} of a list of same-shaped tensors would also sum across
 * the list (it is the several-devices form), so buckets are flattened.
 */
final class Collectives implements AutoCloseable {
    private final Rendezvous rendezvous;
    private final Store connection;
    private final ProcessGroupGloo group;
    private final AllreduceOptions sum = new AllreduceOptions();

    Collectives(Rendezvous rendezvous) {
        this.rendezvous = rendezvous;
        connection = rendezvous.connection();
        sum.reduceOp(new ReduceOp(ReduceOp.RedOpType.SUM));
        try {
            ProcessGroupGloo.Options options = ProcessGroupGloo.Options.create(new Milliseconds(rendezvous.timeout().toMillis()));
            options.devices(new GlooDeviceVector(device(rendezvous)));
            group = new ProcessGroupGloo(connection, rendezvous.rank(), rendezvous.world(), options);
        } catch (RuntimeException e) {
            throw failure("creating the Gloo process group", e);
        }
    }

    /**
     * The network device Gloo binds for this rank: the interface {@code GLOO_SOCKET_IFNAME} names, the
     * loopback one for a job on one machine (MASTER_ADDR 127.0.0.1 or localhost), else the address this
     * host's name resolves to (on hosts where that is 127.0.1.1, name the interface).
     */
    private static org.bytedeco.pytorch.gloo.Device device(Rendezvous rendezvous) {
        String iface = System.getenv("GLOO_SOCKET_IFNAME");
        if (iface != null && !iface.isBlank()) {
            return ProcessGroupGloo.createDeviceForInterface(iface.strip());
        }
        String address = rendezvous.masterAddress();
        if (address.equals("127.0.0.1") || address.equals("localhost")) {
            return ProcessGroupGloo.createDeviceForHostname("127.0.0.1");
        }
        return ProcessGroupGloo.createDefaultDevice();
    }

    /** Starts summing {@code flat} over the ranks in place; the returned work completes it. */
    Work startSum(TensorVector flat) {
        try {
            return group.allreduce(flat, sum);
        } catch (RuntimeException e) {
            throw failure("all-reduce", e);
        }
    }

    void await(Work work, String what) {
        try {
            work._wait();
        } catch (RuntimeException e) {
            throw failure(what, e);
        }
    }

    /** Sums {@code t} over the ranks, in place. */
    void sum(Tensor t, String what) {
        await(startSum(new TensorVector(t)), what);
    }

    /** Replaces {@code t} on every rank with rank 0's. */
    void broadcast(Tensor t, String what) {
        BroadcastOptions options = new BroadcastOptions();
        options.rootRank(0);
        try {
            group.broadcast(new TensorVector(t), options)._wait();
        } catch (RuntimeException e) {
            throw failure(what, e);
        }
    }

    void barrier(String what) {
        BarrierOptions options = new BarrierOptions();
        options.timeout(new Milliseconds(rendezvous.timeout().toMillis()));
        try {
            group.barrier(options)._wait();
        } catch (RuntimeException e) {
            throw failure(what, e);
        }
    }

    /** The failure as this rank sees it, with the root cause another rank published. */
    DistributedException failure(String what, RuntimeException e) {
        String m = C10dErrors.message(e);
        String kind = C10dErrors.peerDied(m) ? "a peer process died"
                : C10dErrors.timedOut(m) ? "a peer did not answer within " + Rendezvous.seconds(rendezvous.timeout())
                : "it failed";
        String cause = rendezvous.rootCause();
        return new DistributedException("rank " + rendezvous.rank() + ": " + what + ": " + kind
                + (cause != null ? " (root cause: " + cause + ")" : "") + " [" + m + "]", e);
    }

    /** Ends the group's work after the last collective (the store closes after it). */
    @Override
    public void close() {
        group.shutdown();
        group.close();
        connection.close();
    }
}
