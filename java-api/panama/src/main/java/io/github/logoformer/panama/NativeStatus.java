package io.github.logoformer.panama;

import io.github.logoformer.abi.Status;

/**
 * {@link Status#check} with the FFM bindings' messages: a non-zero {@code lf_status} becomes the
 * exception the JavaCPP layer throws for it, with the same message (the entry point, the status name
 * and the library's thread-local message).
 */
public final class NativeStatus {
    private static final Status.Messages MESSAGES = new Status.Messages() {
        @Override
        public String statusName(int status) {
            return logoformer_h.lf_status_string(status).getString(0);
        }

        @Override
        public String lastErrorMessage() {
            return logoformer_h.lf_last_error_message().getString(0);
        }
    };

    private NativeStatus() {}

    /** Throws for any status other than {@code LF_OK}; call on the thread that made the native call. */
    public static void check(int status, String op) {
        Status.check(status, op, MESSAGES);
    }
}
