package io.github.logoformer.panama;

/**
 * Turns a non-zero {@code lf_status} into the exception the JavaCPP layer throws for it, with the same
 * message: the entry point, the status name and the library's thread-local message.
 */
public final class NativeStatus {
    private NativeStatus() {}

    /** Throws for any status other than {@code LF_OK}; call on the thread that made the native call. */
    public static void check(int status, String op) {
        if (status == logoformer_h.LF_OK()) {
            return;
        }
        String message = op + ": " + logoformer_h.lf_status_string(status).getString(0) + ": "
                + logoformer_h.lf_last_error_message().getString(0);
        if (status == logoformer_h.LF_ERROR_NULL_POINTER() || status == logoformer_h.LF_ERROR_INVALID_ARGUMENT()
                || status == logoformer_h.LF_ERROR_OVERFLOW()) {
            throw new IllegalArgumentException(message);
        }
        if (status == logoformer_h.LF_ERROR_UNSUPPORTED()) {
            throw new UnsupportedOperationException(message);
        }
        throw new NativeKernelException(status, message);
    }
}
