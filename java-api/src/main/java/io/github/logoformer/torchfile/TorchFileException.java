package io.github.logoformer.torchfile;

import java.nio.file.Path;

/** A file that is not a readable {@code torch.save} file, or not the one expected; the message starts with the file. */
public final class TorchFileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public TorchFileException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public TorchFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
