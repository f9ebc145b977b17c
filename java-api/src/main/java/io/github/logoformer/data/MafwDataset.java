package io.github.logoformer.data;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * MAFW's layout (single-expression set, 5 folds): the release's lists
 * {@code Train & Test Set/single/no_caption/set_{1..5}/{train,test}.txt}, one clip per line as
 * {@code 00025.mp4 happiness} (the clip's file name and its class, space separated, no header), and
 * the frames of clip {@code 00025} under {@code data/frames/00025/}. Classes are the eleven of
 * {@link MafwExpression}. Every clip's folder is listed while loading, so a missing clip or frame fails
 * here, naming the list file and line.
 */
public final class MafwDataset {
    public static final int FOLDS = 5;
    private static final String CLASS_LIST = Arrays.stream(MafwExpression.values()).map(MafwExpression::listName)
            .collect(Collectors.joining(", "));

    private MafwDataset() {}

    /** {@code Train & Test Set/single/no_caption/set_3/train.txt} and the like. */
    public static Path listFile(Path root, Split split, int fold) {
        return root.resolve("Train & Test Set").resolve("single").resolve("no_caption").resolve("set_" + fold)
                .resolve(split == Split.TRAIN ? "train.txt" : "test.txt");
    }

    /** {@code data/frames/00025} for clip {@code 00025}. */
    public static Path clipFolder(Path root, String clip) {
        return root.resolve("data").resolve("frames").resolve(clip);
    }

    /** The clips of {@code split} in {@code fold} (1 to 5) of the MAFW tree at {@code root}. */
    public static List<ClipRecord> load(Path root, Split split, int fold) {
        if (fold < 1 || fold > FOLDS) {
            throw new IllegalArgumentException("fold: expected 1 to " + FOLDS + ", got " + fold);
        }
        Path list = listFile(root, split, fold);
        return ClipListFile.read(list, "clip list").clips(0, (lineNumber, line) -> clip(root, list, lineNumber, line));
    }

    private static ClipRecord clip(Path root, Path list, int lineNumber, String line) {
        String[] fields = line.split("\\s+");
        if (fields.length != 2) {
            throw new DatasetException(list, lineNumber, "expected 'clip.mp4 emotion', got '" + line + "'");
        }
        int dot = fields[0].lastIndexOf('.');
        String clip = dot > 0 ? fields[0].substring(0, dot) : fields[0];
        if (clip.contains("/") || clip.contains("\\") || clip.equals("..") || clip.equals(".")) {
            throw new DatasetException(list, lineNumber, "expected a clip file name, got '" + fields[0] + "'");
        }
        MafwExpression expression = MafwExpression.ofListName(fields[1]);
        if (expression == null) {
            throw new DatasetException(list, lineNumber, "unknown emotion '" + fields[1] + "' (expected " + CLASS_LIST + ")");
        }
        List<Path> frames;
        try {
            frames = ClipFolder.frames(clipFolder(root, clip));
        } catch (DatasetException e) {
            throw new DatasetException(list, lineNumber, "clip " + clip + ": " + e.getMessage());
        }
        return new ClipRecord(clip, frames, expression.ordinal(), list + ":" + lineNumber);
    }
}
