package io.github.logoformer.dist;

import java.util.function.Consumer;
import org.bytedeco.pytorch.Store;
import org.bytedeco.pytorch.StringVector;

/**
 * A daemon thread with its own connection to the rendezvous store that notices, within a period, that
 * another rank published a failure or that the store (rank 0) is gone, and calls the owner's handler
 * (the command line prints the reason and exits). It stops a rank that is busy outside any collective,
 * decoding frames or writing a checkpoint, whose peers have already failed; a rank that waits inside a
 * collective learns it from Gloo itself.
 */
final class Watchdog {
    private final Thread thread;
    private volatile boolean stopped;

    Watchdog(Store connection, int rank, String storeAddress, long periodMs, Consumer<String> onFailure) {
        String own = "rank " + rank + ": ";
        thread = new Thread(() -> {
            StringVector abort = new StringVector(Rendezvous.abortKey());
            while (!stopped) {
                String why = null;
                try {
                    if (connection.check(abort)) {
                        String reason = connection.get_to_str(Rendezvous.abortKey());
                        why = reason.startsWith(own) ? null : "another rank failed: " + reason;
                    }
                } catch (RuntimeException e) {
                    why = "the rendezvous store (rank 0, " + storeAddress + ") is gone: " + C10dErrors.message(e);
                }
                if (why != null && !stopped) {
                    onFailure.accept("rank " + rank + ": stopping: " + why);
                    return;
                }
                try {
                    Thread.sleep(periodMs);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "data-parallel-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops polling (before an orderly goodbye, when rank 0's store is about to close). */
    void stop() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
