package io.github.logoformer.abi;

/** A native kernel failed for a reason other than a bad argument: out of memory, a device error, or a bug. */
public final class NativeKernelException extends RuntimeException {
    private final int status;

    public NativeKernelException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The {@code lf_status} code the native call returned. */
    public int status() {
        return status;
    }
}
