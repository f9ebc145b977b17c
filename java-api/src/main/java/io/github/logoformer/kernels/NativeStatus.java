package io.github.logoformer.kernels;

/**
 * Turns a non-zero {@code lf_status} into the exception a Java caller expects, carrying the
 * library's thread-local message (which names the argument, the rule and the value).
 *
 * <p>Internal: used by the typed ops right after each native call, on the same thread.
 */
public final class NativeStatus {
    private NativeStatus() {}

    /** Throws for any status other than {@code LF_OK}; {@code op} names the entry point. */
    public static void check(int status, String op) {
        if (status == LogoformerNative.LF_OK) {
            return;
        }
        String message = op + ": " + LogoformerNative.statusString(status) + ": " + LogoformerNative.lastErrorMessage();
        switch (status) {
            case LogoformerNative.LF_ERROR_NULL_POINTER,
                    LogoformerNative.LF_ERROR_INVALID_ARGUMENT,
                    LogoformerNative.LF_ERROR_OVERFLOW -> throw new IllegalArgumentException(message);
            case LogoformerNative.LF_ERROR_UNSUPPORTED -> throw new UnsupportedOperationException(message);
            default -> throw new NativeKernelException(status, message);
        }
    }
}
