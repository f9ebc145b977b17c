package io.github.logoformer.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The list files of the data sets (fold and clip lists): UTF-8 lines, a byte-order mark dropped. */
final class ListFiles {
    private ListFiles() {}

    /**
     * The lines of {@code file}.
     *
     * @param what the list's name in the error ("fold list", "clip list")
     * @throws DatasetException naming the file when it cannot be read
     */
    static List<String> lines(Path file, String what) {
        List<String> lines;
        try {
            lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DatasetException(file, "cannot read the " + what + ": " + e, e);
        }
        if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) {
            lines.set(0, lines.get(0).substring(1));
        }
        return lines;
    }
}
