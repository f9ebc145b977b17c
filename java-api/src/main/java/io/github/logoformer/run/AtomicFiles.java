package io.github.logoformer.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file so that readers see the old content or the new one, never a torn mix, and so that the
 * new content survives a power loss once the call returns: the content goes to a temporary file in the
 * same folder, which is flushed to disk ({@code fsync}), renamed over the target ({@code ATOMIC_MOVE}),
 * and the folder is flushed so that the rename itself is durable. A crash mid-write leaves at most a
 * temporary {@code .<name>.<random>.tmp} file, which {@link #deleteStaleTemporaries} removes.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Something that writes a whole file at the path it is given. */
    @FunctionalInterface
    public interface Writer {
        void write(Path file) throws IOException;
    }

    /** Runs {@code writer} on a temporary sibling of {@code target}, then makes it {@code target}, durably. */
    public static void write(Path target, Writer writer) {
        Path folder = target.toAbsolutePath().getParent();
        Path temporary = null;
        try {
            Files.createDirectories(folder);
            temporary = Files.createTempFile(folder, "." + target.getFileName() + ".", ".tmp");
            writer.write(temporary);
            force(temporary, StandardOpenOption.WRITE);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temporary = null;
            force(folder, StandardOpenOption.READ);
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

    /** Removes the temporary files a killed write left in {@code folder} (none exist while no write runs there). */
    public static void deleteStaleTemporaries(Path folder) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (var files = Files.list(folder)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(".tmp") && Files.isRegularFile(p)) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("removing stale temporary files from " + folder + ": " + e.getMessage(), e);
        }
    }

    /** fsync of a file or a folder (a folder opens for reading only, which Linux allows to flush). */
    private static void force(Path path, StandardOpenOption mode) throws IOException {
        try (FileChannel channel = FileChannel.open(path, mode)) {
            channel.force(true);
        }
    }
}
