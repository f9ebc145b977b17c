package io.github.logoformer.abi;

/**
 * The C ABI's {@code lf_status} codes, and the exception a Java caller gets for each: argument errors
 * ({@code NULL_POINTER}, {@code INVALID_ARGUMENT}, {@code OVERFLOW}) are {@link IllegalArgumentException},
 * {@code UNSUPPORTED} is {@link UnsupportedOperationException}, the rest {@link NativeKernelException}.
 */
public enum Status {
    OK(0),
    ERROR_NULL_POINTER(1),
    ERROR_INVALID_ARGUMENT(2),
    ERROR_UNSUPPORTED(3),
    ERROR_OVERFLOW(4),
    ERROR_OUT_OF_MEMORY(5),
    ERROR_DEVICE(6),
    ERROR_INTERNAL(7);

    private final int code;

    Status(int code) {
        this.code = code;
    }

    /** The pinned {@code LF_*} value. */
    public int code() {
        return code;
    }

    /** How a binding reads the library's explanation of the last failed call on this thread. */
    public interface Messages {
        /** {@code lf_status_string(status)}. */
        String statusName(int status);

        /** {@code lf_last_error_message()}. */
        String lastErrorMessage();
    }

    /**
     * Throws for any status other than {@code LF_OK}, with the message "op: STATUS_NAME: the library's
     * message"; call on the thread that made the native call.
     */
    public static void check(int status, String op, Messages messages) {
        if (status == OK.code) {
            return;
        }
        String message = op + ": " + messages.statusName(status) + ": " + messages.lastErrorMessage();
        if (status == ERROR_NULL_POINTER.code || status == ERROR_INVALID_ARGUMENT.code || status == ERROR_OVERFLOW.code) {
            throw new IllegalArgumentException(message);
        }
        if (status == ERROR_UNSUPPORTED.code) {
            throw new UnsupportedOperationException(message);
        }
        throw new NativeKernelException(status, message);
    }
}
