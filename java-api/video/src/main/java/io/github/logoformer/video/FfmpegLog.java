package io.github.logoformer.video;

import java.nio.charset.StandardCharsets;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;

/**
 * FFmpeg's own words for what went wrong. FFmpeg reports problems through its log (javacv's exceptions
 * carry only an error code), so this installs one process-wide log callback that prints nothing and keeps
 * the last error-level line of each thread; {@link VideoReader} clears it before opening a file and reads
 * it when decoding fails or ends. Decoders run with one thread (see {@link VideoReader}), so every message
 * about a file arrives on the thread that reads it. The callback replaces any other FFmpeg log callback in
 * the process.
 */
final class FfmpegLog {
    private static final ThreadLocal<String> LAST_ERROR = new ThreadLocal<>();
    /** Held for the life of the process: FFmpeg keeps calling it. */
    private static final LogCallback CALLBACK = new LogCallback() {
        @Override
        public void call(int level, BytePointer message) {
            if (level <= avutil.AV_LOG_ERROR && message != null) {
                // "[matroska,webm @ 0x55d0c] File ended prematurely" -> "File ended prematurely"
                String line = message.getString(StandardCharsets.UTF_8).strip().replaceFirst("^\\[[^]]*] ", "");
                if (!line.isEmpty()) {
                    LAST_ERROR.set(line);
                }
            }
        }
    };

    static {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        avutil.setLogCallback(CALLBACK);
    }

    private FfmpegLog() {}

    /** Forgets this thread's last error (before a new file). */
    static void clear() {
        LAST_ERROR.remove();
    }

    /** This thread's last error-level line since {@link #clear}, or null. */
    static String lastError() {
        return LAST_ERROR.get();
    }

    /** FFmpeg's text for an error code ({@code av_strerror}). */
    static String describe(int code) {
        byte[] text = new byte[256];  // the byte[] overload: BytePointer(256) returns bytes past the NUL
        avutil.av_strerror(code, text, text.length);
        int n = 0;
        while (n < text.length && text[n] != 0) {
            n++;
        }
        return new String(text, 0, n, StandardCharsets.UTF_8);
    }
}
