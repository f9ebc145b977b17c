package io.github.logoformer.data;

import java.nio.file.Path;

/** Bad or missing data set input; the message starts with the file (and line) at fault. */
public final class DatasetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A problem on one line of a list file. */
    public DatasetException(Path file, long line, String message) {
        super(file + ":" + line + ": " + message);
    }

    /** A problem with a whole file or folder. */
    public DatasetException(Path file, String message) {
        super(file + ": " + message);
    }

    public DatasetException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
    }
}
