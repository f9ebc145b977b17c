package io.github.logoformer.nn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Checks a LibTorch archive (a zip file) before LibTorch reads it: LibTorch's reader verifies no CRC, so
 * a damaged file would load wrong weights silently (a flipped bit in a tensor's bytes), and its errors
 * on a file that is no archive are many-line C++ traces that never name the file.
 */
final class ArchiveCheck {
    private ArchiveCheck() {}

    /**
     * @throws IllegalArgumentException naming the file: missing, unreadable, not a zip file, or an entry
     *     whose bytes do not match the CRC-32 the archive recorded for it
     */
    static void verify(Path file) {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(file + ": expected a LibTorch archive, got a folder");
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            byte[] buffer = new byte[1 << 16];
            for (ZipEntry entry : Collections.list(zip.entries())) {
                CRC32 crc = new CRC32();
                try (InputStream in = zip.getInputStream(entry)) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        crc.update(buffer, 0, n);
                    }
                }
                if (crc.getValue() != entry.getCrc()) {
                    throw new IllegalArgumentException(file + ": damaged LibTorch archive: entry '" + entry.getName()
                            + "' does not match its CRC-32");
                }
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": weights file not found", e);
        } catch (ZipException e) {
            throw new IllegalArgumentException(file + ": not a LibTorch archive (not a readable zip file: "
                    + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the weights file: " + e, e);
        }
    }
}
