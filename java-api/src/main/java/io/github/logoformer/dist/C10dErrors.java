package io.github.logoformer.dist;

/**
 * What c10d's errors say. They reach Java as plain {@code RuntimeException}s whose message carries the
 * C++ backtrace after "Exception raised from"; only the text tells a dead peer from a silent one.
 */
final class C10dErrors {
    private C10dErrors() {}

    /** The message without the C++ backtrace. */
    static String message(Throwable t) {
        String m = String.valueOf(t.getMessage());
        int cut = m.indexOf("Exception raised from");
        return (cut < 0 ? m : m.substring(0, cut)).strip();
    }

    /** Gloo's and the store's words for a closed connection: the process on the other end is gone. */
    static boolean peerDied(String message) {
        return message.contains("Connection closed by peer") || message.contains("Connection reset")
                || message.contains("Broken pipe") || message.contains("Failed to recv")
                || message.contains("Connection refused");
    }

    static boolean timedOut(String message) {
        return message.contains("Timed out") || message.contains("timed out") || message.contains("timeout");
    }
}
