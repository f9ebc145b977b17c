package io.github.logoformer.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * DFEW's layout: {@code data/<5-digit id>/<id>_<5-digit n>.jpg} face frames and
 * {@code label/single_{train,test}set_{1..5}.csv} fold lists with the header {@code video_name,label},
 * labels 1 to 7 (see {@link Expression}). {@code video_name} may be written with or without its
 * leading zeros. Every clip's folder is listed while loading, so a missing clip or frame fails here,
 * naming the CSV file and line; so does a video listed twice.
 */
public final class DfewDataset {
    public static final int FOLDS = 5;
    private static final String HEADER = "video_name,label";

    private DfewDataset() {}

    /** The clips of {@code split} in {@code fold} (1 to 5) of the DFEW tree at {@code root}. */
    public static List<ClipRecord> load(Path root, Split split, int fold) {
        if (fold < 1 || fold > FOLDS) {
            throw new IllegalArgumentException("fold: expected 1 to " + FOLDS + ", got " + fold);
        }
        Path csv = listFile(root, split, fold);
        ClipListFile file = ClipListFile.read(csv, "fold list");
        List<String> lines = file.lines();
        if (lines.isEmpty() || !ClipListFile.withoutByteOrderMark(lines.get(0)).strip().equals(HEADER)) {
            throw new DatasetException(csv, 1, "expected the header '" + HEADER + "', got '"
                    + (lines.isEmpty() ? "" : lines.get(0).strip()) + "'");
        }
        return file.clips(1, (lineNumber, line) -> clip(root, csv, lineNumber, line));
    }

    /** {@code label/single_trainset_3.csv} and the like. */
    public static Path listFile(Path root, Split split, int fold) {
        return root.resolve("label").resolve("single_" + split.name().toLowerCase(Locale.ROOT) + "set_" + fold + ".csv");
    }

    /** {@code data/00042} for video 42. */
    public static Path clipFolder(Path root, int video) {
        return root.resolve("data").resolve(String.format(Locale.ROOT, "%05d", video));
    }

    private static ClipRecord clip(Path root, Path csv, int lineNumber, String line) {
        String[] fields = line.split(",", -1);
        if (fields.length != 2) {
            throw new DatasetException(csv, lineNumber, "expected 'video_name,label', got '" + line + "'");
        }
        int video = number(fields[0].strip(), csv, lineNumber, "video_name");
        int label = number(fields[1].strip(), csv, lineNumber, "label");
        Expression expression = Expression.ofDfewLabel(label);
        if (expression == null) {
            throw new DatasetException(csv, lineNumber, "unknown label " + label + " (DFEW labels are 1 to 7)");
        }
        String source = csv + ":" + lineNumber;
        List<Path> frames;
        try {
            frames = ClipFolder.frames(clipFolder(root, video));
        } catch (DatasetException e) {
            throw new DatasetException(csv, lineNumber, "video " + fields[0].strip() + ": " + e.getMessage());
        }
        return new ClipRecord(String.format(Locale.ROOT, "%05d", video), frames, expression.ordinal(), source);
    }

    private static int number(String field, Path csv, int lineNumber, String name) {
        try {
            int value = Integer.parseInt(field);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below with the file and line
        }
        throw new DatasetException(csv, lineNumber, name + ": expected a non-negative integer, got '" + field + "'");
    }
}
