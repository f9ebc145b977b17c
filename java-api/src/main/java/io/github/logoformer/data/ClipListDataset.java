package io.github.logoformer.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The generic list format of AFEW-style annotation files: one clip per line, {@code path n_frames label},
 * space separated; {@code path} is a folder of numbered frames, relative to the list file's folder
 * (the data set root), which it must not leave unless {@link ClipPaths#ANYWHERE} allows it;
 * {@code label} is the 0-based class index. The folder must hold at least {@code n_frames} frames (the
 * first {@code n_frames} are used): a list promising more frames than exist is an error, and so is a
 * clip listed twice. Lines starting with {@code #} are comments.
 */
public final class ClipListDataset {
    private ClipListDataset() {}

    /** The clips of {@code list}, for a model with {@code classes} classes, inside the list's folder. */
    public static List<ClipRecord> load(Path list, int classes) {
        return load(list, classes, ClipPaths.INSIDE_ROOT);
    }

    /** The clips of {@code list}, for a model with {@code classes} classes, wherever {@code paths} allows. */
    public static List<ClipRecord> load(Path list, int classes, ClipPaths paths) {
        ClipListFile file = ClipListFile.read(list, "clip list");
        List<String> lines = file.lines();
        Path base = list.toAbsolutePath().getParent();
        List<ClipRecord> clips = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int lineNumber = i + 1;
            String[] fields = line.split("\\s+");
            if (fields.length != 3) {
                throw new DatasetException(list, lineNumber, "expected 'path n_frames label', got '" + line + "'");
            }
            int count = integer(fields[1], list, lineNumber, "n_frames");
            int label = integer(fields[2], list, lineNumber, "label");
            if (count < 1) {
                throw new DatasetException(list, lineNumber, "n_frames: expected >= 1, got " + count);
            }
            if (label < 0 || label >= classes) {
                throw new DatasetException(list, lineNumber, "unknown label " + label + " (expected 0 to " + (classes - 1) + ")");
            }
            Path folder = paths.resolve(base, fields[0], list, lineNumber);
            file.claimOnce(folder.toString(), lineNumber);
            List<Path> frames;
            try {
                frames = ClipFolder.frames(folder);
            } catch (DatasetException e) {
                throw new DatasetException(list, lineNumber, e.getMessage());
            }
            if (frames.size() < count) {
                throw new DatasetException(list, lineNumber, "lists " + count + " frames, the folder holds " + frames.size());
            }
            clips.add(new ClipRecord(fields[0], frames.subList(0, count), label, list + ":" + lineNumber));
        }
        if (clips.isEmpty()) {
            throw new DatasetException(list, "the clip list holds no clip");
        }
        return clips;
    }

    private static int integer(String field, Path list, int lineNumber, String name) {
        try {
            return Integer.parseInt(field);
        } catch (NumberFormatException e) {
            throw new DatasetException(list, lineNumber, name + ": expected an integer, got '" + field + "'");
        }
    }
}
