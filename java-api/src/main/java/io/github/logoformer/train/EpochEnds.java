package io.github.logoformer.train;

import io.github.logoformer.eval.ConfusionMatrix;
import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.nn.ModelConfig;
import io.github.logoformer.nn.ModelKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Where each epoch's end (its test pass, record and checkpoint) runs: inline on the training thread, or
 * overlapped, on a thread of its own while the next epoch trains. Overlapped, the end works on copies of
 * the model and of the update rule's state taken when the epoch ended, so it sees exactly what the inline
 * end would; one end runs at a time ({@link #end} first waits for the previous one), so records and
 * checkpoints keep their order and the copies are reused. With one training thread and a core free (the
 * main job on two cores) this takes the test pass and the checkpoint off the training thread. A failing
 * end (a full disk) surfaces from the next {@link #end} or {@link #await}, an epoch later than inline.
 */
final class EpochEnds implements AutoCloseable {
    /**
     * An epoch's end, given the model and the update rule's state as they were when the epoch ended, and
     * when the training thread could go on ({@link System#nanoTime}): at once for an overlapped end, after
     * the calls so far of an inline one.
     */
    interface Work {
        Ended run(ClipClassifier model, List<Tensor> optimiserState, LongSupplier trainingThreadFreed);
    }

    /** What an epoch's end left: its checkpoint (null on ranks other than 0) and its test confusion matrix. */
    record Ended(Checkpoint checkpoint, ConfusionMatrix test) {}

    private final ClipClassifier modelCopy;
    private final List<Tensor> stateCopy;
    private final List<Tensor> replicaCopy;  // modelCopy's parameters and buffers, then stateCopy (ReplicaState)
    private final ExecutorService thread;
    private Future<Ended> pending;
    private Ended latest;

    private EpochEnds(ClipClassifier modelCopy, List<Tensor> stateCopy, ExecutorService thread) {
        this.modelCopy = modelCopy;
        this.stateCopy = stateCopy;
        this.replicaCopy = modelCopy == null ? null : ReplicaState.of(modelCopy, stateCopy);
        this.thread = thread;
    }

    /** Ends run on the caller's thread, on the live model and state. */
    static EpochEnds inline() {
        return new EpochEnds(null, null, null);
    }

    /** Ends run on their own (daemon) thread, on copies of a {@code kind} model of {@code config} and of {@code optimiser}'s state. */
    static EpochEnds overlapped(ModelKind kind, ModelConfig config, Sam optimiser) {
        List<Tensor> state = new ArrayList<>();
        for (Tensor t : optimiser.state()) {
            state.add(t.clone());
        }
        ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(() -> {
                // OpenMP's thread count is per thread and a new one starts at every core (oneDNN reads it
                // directly), whatever the training thread was given: its ops would spin a team against the
                // training thread. One thread, as the training has (the Trainer's rule), on the idle core;
                // LibTorch also records it as the count for threads it starts later, which is the same one.
                torch.set_num_threads(1);
                task.run();
            }, "epoch-end");
            t.setDaemon(true);  // a failed run must not wait for it to exit
            return t;
        });
        return new EpochEnds(kind.build(config), state, thread);
    }

    /**
     * Ends an epoch: inline, runs {@code work} now on {@code model} and {@code optimiser}'s state;
     * overlapped, waits for the previous end, copies both and starts {@code work} on the copies.
     *
     * @throws RuntimeException what the previous end threw, as it threw it
     */
    void end(ClipClassifier model, Sam optimiser, Work work) {
        if (thread == null) {
            latest = work.run(model, optimiser.state(), System::nanoTime);
            return;
        }
        await();
        List<Tensor> live = ReplicaState.of(model, optimiser.state());
        try (NoGradGuard guard = new NoGradGuard()) {
            for (int i = 0; i < live.size(); i++) {
                replicaCopy.get(i).copy_(live.get(i));
            }
        }
        long handedOver = System.nanoTime();
        pending = thread.submit(() -> work.run(modelCopy, stateCopy, () -> handedOver));
    }

    /**
     * Waits for the end in flight, if any, and returns the latest finished one (null before the first).
     *
     * @throws RuntimeException what that end threw, as it threw it
     */
    Ended await() {
        if (pending != null) {
            Future<Ended> running = pending;
            pending = null;
            latest = result(running);
        }
        return latest;
    }

    /** Waits for the end in flight (a failing run keeps its last checkpoint whole), then stops the thread. */
    @Override
    public void close() {
        try {
            await();
        } finally {
            if (thread != null) {
                thread.shutdown();
            }
        }
    }

    private static Ended result(Future<Ended> running) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return running.get();
                } catch (InterruptedException e) {
                    interrupted = true;  // the end writes a checkpoint: let it finish
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
