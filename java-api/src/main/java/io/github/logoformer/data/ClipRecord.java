package io.github.logoformer.data;

import java.nio.file.Path;
import java.util.List;

/**
 * One clip of a data set: its frame files in temporal order, the class index (0-based, or
 * {@link #UNLABELLED} for a clip to predict) and where it was listed ({@code file:line}), so that a
 * frame that fails to decode later can be traced back to the list entry.
 */
public record ClipRecord(String id, List<Path> frames, int label, String source) {
    public static final int UNLABELLED = -1;

    public ClipRecord {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException(source + ": clip " + id + " has no frames");
        }
        frames = List.copyOf(frames);
    }
}
