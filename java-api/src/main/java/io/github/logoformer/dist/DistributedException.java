package io.github.logoformer.dist;

/**
 * A data-parallel job cannot go on: a rank did not join, the ranks disagree on the job, a peer died or
 * stopped answering, or the rendezvous store is gone. The message names this rank and, where another
 * rank published one, the root cause.
 */
public class DistributedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DistributedException(String message) {
        super(message);
    }

    public DistributedException(String message, Throwable cause) {
        super(message, cause);
    }
}
