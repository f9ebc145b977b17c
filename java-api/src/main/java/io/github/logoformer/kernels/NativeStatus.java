package io.github.logoformer.kernels;

import io.github.logoformer.abi.Status;

/**
 * {@link Status#check} with the JavaCPP binding's messages: a non-zero {@code lf_status} becomes the
 * exception a Java caller expects, carrying the library's thread-local message (which names the
 * argument, the rule and the value). Internal: the typed ops call it right after each native call, on
 * the same thread.
 */
public final class NativeStatus {
    private static final Status.Messages MESSAGES = new Status.Messages() {
        @Override
        public String statusName(int status) {
            return LogoformerNative.statusString(status);
        }

        @Override
        public String lastErrorMessage() {
            return LogoformerNative.lastErrorMessage();
        }
    };

    private NativeStatus() {}

    /** Throws for any status other than {@code LF_OK}; {@code op} names the entry point. */
    public static void check(int status, String op) {
        Status.check(status, op, MESSAGES);
    }
}
