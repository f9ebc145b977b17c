package io.github.logoformer.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that readers see the old content or the new one, never a torn mix: the content
 * goes to a temporary file in the same folder, which is then renamed over the target
 * ({@code ATOMIC_MOVE}). A crash mid-write leaves at most a stray {@code .tmp} file.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Something that writes a whole file at the path it is given. */
    @FunctionalInterface
    public interface Writer {
        void write(Path file) throws IOException;
    }

    /** Runs {@code writer} on a temporary sibling of {@code target}, then renames it to {@code target}. */
    public static void write(Path target, Writer writer) {
        Path folder = target.toAbsolutePath().getParent();
        Path temporary = null;
        try {
            Files.createDirectories(folder);
            temporary = Files.createTempFile(folder, "." + target.getFileName(), ".tmp");
            writer.write(temporary);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + target + ": " + e.getMessage(), e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    // The target's own error (if any) is the one worth reporting.
                }
            }
        }
    }

    public static void writeString(Path target, String content) {
        write(target, file -> Files.writeString(file, content, StandardCharsets.UTF_8));
    }
}
