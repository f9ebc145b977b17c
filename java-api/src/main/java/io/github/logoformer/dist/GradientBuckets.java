package io.github.logoformer.dist;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.FunctionPostHook;
import org.bytedeco.pytorch.Node;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.Work;
import org.bytedeco.pytorch.global.torch;

/**
 * Gradient averaging in buckets, overlapped with the backward pass, as PyTorch's DistributedDataParallel
 * does it (there is no DDP class in the Java presets; c10d's {@code Reducer} also works from Java but
 * expects Python DDP's calling protocol, and its buckets are invisible from here).
 *
 * <ul>
 *   <li>Parameters are grouped into buckets of about {@code capBytes}, in reverse registration order
 *       (roughly the order in which the backward pass produces their gradients), one dtype and device
 *       per bucket. Each parameter's {@code .grad} becomes a view into its bucket's flat buffer, so the
 *       backward accumulates straight into what is all-reduced, with no copies.
 *   <li>A post-hook on each parameter's gradient accumulator ({@code AccumulateGrad} node) counts it
 *       done; a bucket whose parameters are all done starts its all-reduce at once, while the backward
 *       goes on, strictly in bucket order, the same on every rank, as Gloo needs.
 *   <li>{@link #reduce()}, after the backward, starts what is left (a parameter without a gradient in
 *       this pass contributes zeros), waits for all, and leaves every rank with the same gradient: the
 *       gradient of the step's mean loss over all ranks' clips.
 * </ul>
 *
 * <p>Each rank's gradient is of the mean loss over its own clips; scaled by its share of the step's
 * clips ({@link #weigh}) and summed, it gives the mean over the whole step even when the shares are
 * unequal (the last batch of an epoch), or zero (a rank without clips in that batch).
 *
 * <p>Hooks fire on the thread that calls {@code backward()}. Close the buckets when training ends: the
 * hooks stay in the graph and become no-ops.
 */
public final class GradientBuckets implements AutoCloseable {
    private final Collectives collectives;
    private final List<Tensor> parameters;
    private final List<Bucket> buckets = new ArrayList<>();
    /** The Java peers of what the graph holds (hooks, accumulator nodes): native code keeps only weak references. */
    private final List<Object> keep = new ArrayList<>();
    private final long bytesPerPass;
    private int nextToLaunch;
    private double share = 1;
    private boolean armed = true;
    private long passes;
    private long waitNanos;
    private long launchedDuringBackward;

    private static final class Bucket {
        final Tensor flat;
        final TensorVector asVector;
        final List<Integer> members = new ArrayList<>();
        int pending;
        Work work;

        Bucket(Tensor flat) {
            this.flat = flat;
            this.asVector = new TensorVector(flat);
        }
    }

    /** Buckets that do nothing: one process has nothing to average. */
    static GradientBuckets none() {
        return new GradientBuckets(null, List.of(), 1);
    }

    /**
     * @param parameters the trained parameters (leaves that require a gradient), in registration order
     * @param capBytes a bucket closes once it holds at least this many bytes
     * @throws IllegalArgumentException when a parameter does not require a gradient
     */
    GradientBuckets(Collectives collectives, List<Tensor> parameters, long capBytes) {
        if (capBytes < 1) {
            throw new IllegalArgumentException("bucket size: expected >= 1 byte, got " + capBytes);
        }
        this.collectives = collectives;
        this.parameters = List.copyOf(parameters);
        long bytes = 0;
        for (List<Integer> group : groups(this.parameters, capBytes)) {
            Tensor first = this.parameters.get(group.get(0));
            long numel = 0;
            for (int i : group) {
                numel += this.parameters.get(i).numel();
            }
            Bucket bucket = new Bucket(torch.zeros(new long[] {numel}, first.options()));
            long offset = 0;
            for (int i : group) {
                Tensor p = this.parameters.get(i);
                Tensor view = bucket.flat.narrow(0, offset, p.numel()).view_as(p);
                if (p.grad().defined()) {
                    view.copy_(p.grad());
                }
                p.mutable_grad().put(view);  // AccumulateGrad adds into the view in place
                offset += p.numel();
                bucket.members.add(i);
            }
            bucket.pending = group.size();
            bytes += bucket.flat.nbytes();
            buckets.add(bucket);
        }
        bytesPerPass = bytes;
        for (int b = 0; b < buckets.size(); b++) {
            for (int i : buckets.get(b).members) {
                hook(i, b);
            }
        }
    }

    /** Consecutive parameters, last first, cut where a bucket reaches the cap or the dtype or device changes. */
    private static List<List<Integer>> groups(List<Tensor> parameters, long capBytes) {
        List<List<Integer>> groups = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        long bytes = 0;
        Tensor previous = null;
        for (int i = parameters.size() - 1; i >= 0; i--) {
            Tensor p = parameters.get(i);
            boolean sameKind = previous == null || (p.scalar_type().intern() == previous.scalar_type().intern()
                    && p.device().str().getString().equals(previous.device().str().getString()));
            if (!current.isEmpty() && (bytes >= capBytes || !sameKind)) {
                groups.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(i);
            bytes += p.nbytes();
            previous = p;
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        return groups;
    }

    private void hook(int parameter, int bucket) {
        Tensor p = parameters.get(parameter);
        if (!p.requires_grad()) {
            throw new IllegalArgumentException("parameter " + parameter + " does not require a gradient: only trained"
                    + " parameters can be averaged");
        }
        Tensor expanded = p.expand_as(p);  // a fresh node whose input edge is the parameter's accumulator
        Node accumulator = expanded.grad_fn().next_edges().get(0).function();
        FunctionPostHook hook = new FunctionPostHook() {
            @Override
            public TensorVector apply(TensorVector outputs, TensorVector inputs) {
                gradientDone(bucket);
                return outputs;
            }
        };
        accumulator.add_post_hook(hook);
        keep.add(hook);
        keep.add(accumulator);  // the Java Node holds a shared_ptr: the accumulator and its hook stay alive
        keep.add(expanded);
    }

    /**
     * Before each optimiser step: this rank holds {@code localClips} of the step's {@code stepClips}
     * (every rank's gradient is weighted by its share).
     */
    public void weigh(int localClips, int stepClips) {
        if (stepClips < 1 || localClips < 0 || localClips > stepClips) {
            throw new IllegalArgumentException("clips: expected 0 <= local <= step and step >= 1, got " + localClips
                    + " of " + stepClips);
        }
        share = localClips / (double) stepClips;
    }

    private synchronized void gradientDone(int b) {
        if (!armed) {
            return;
        }
        Bucket bucket = buckets.get(b);
        if (bucket.work != null || bucket.pending == 0) {
            throw new IllegalStateException("a gradient of bucket " + b + " arrived after the bucket was all-reduced:"
                    + " a second backward ran before reduce()");
        }
        bucket.pending--;
        while (nextToLaunch < buckets.size() && buckets.get(nextToLaunch).pending == 0) {
            launch(buckets.get(nextToLaunch++));
            launchedDuringBackward++;
        }
    }

    private void launch(Bucket bucket) {
        if (share != 1) {
            bucket.flat.mul_(new Scalar(share));
        }
        bucket.work = collectives.startSum(bucket.asVector);
    }

    /**
     * After each backward pass (both passes of a SAM step): finishes the all-reduce of every bucket. On
     * return every rank holds the same gradients, of the step's mean loss over all ranks.
     *
     * @throws DistributedException when a peer died or did not answer within the timeout
     * @throws IllegalStateException when a parameter's gradient is no longer its bucket's view (something
     *     replaced {@code .grad}, e.g. a backward with {@code create_graph})
     */
    public synchronized void reduce() {
        if (collectives == null) {
            return;
        }
        long started = System.nanoTime();
        while (nextToLaunch < buckets.size()) {
            launch(buckets.get(nextToLaunch++));
        }
        for (Bucket bucket : buckets) {
            collectives.await(bucket.work, "gradient all-reduce");
            bucket.work = null;
            bucket.pending = bucket.members.size();
            for (int i : bucket.members) {
                if (!parameters.get(i).grad().is_alias_of(bucket.flat)) {
                    throw new IllegalStateException("parameter " + i + ": its gradient is no longer a view of its"
                            + " bucket (was .grad replaced?)");
                }
            }
        }
        nextToLaunch = 0;
        passes++;
        waitNanos += System.nanoTime() - started;
    }

    /** What the buckets sent so far. */
    public GradientTraffic traffic() {
        return new GradientTraffic(buckets.size(), bytesPerPass, passes, waitNanos, launchedDuringBackward);
    }

    /** Disarms the hooks (they stay in the graph): later backward passes, e.g. for saliency maps, send nothing. */
    @Override
    public synchronized void close() {
        armed = false;
    }
}
