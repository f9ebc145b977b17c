package io.github.logoformer.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * FERV39K's layout: {@code 4_setups/All_scenes/train_All.csv} and {@code test_All.csv}, one clip per
 * line as {@code Scene/Emotion/id EmotionName} (space separated, no header), frames under
 * {@code 2_ClipsforFaceCrop/Scene/Emotion/id/}. Emotion names are the seven of {@link Expression}
 * (case-insensitive); the class index is DFEW's order, so models and reports share one class list.
 * One fixed split, no folds. A clip path must stay inside {@code 2_ClipsforFaceCrop} unless
 * {@link ClipPaths#ANYWHERE} allows otherwise, and a clip listed twice is an error.
 */
public final class Ferv39kDataset {
    private Ferv39kDataset() {}

    public static Path listFile(Path root, Split split) {
        return root.resolve("4_setups").resolve("All_scenes").resolve(split == Split.TRAIN ? "train_All.csv" : "test_All.csv");
    }

    /** The clips of {@code split}, each inside {@code 2_ClipsforFaceCrop}. */
    public static List<ClipRecord> load(Path root, Split split) {
        return load(root, split, ClipPaths.INSIDE_ROOT);
    }

    /** The clips of {@code split}, wherever {@code paths} allows. */
    public static List<ClipRecord> load(Path root, Split split, ClipPaths paths) {
        Path list = listFile(root, split);
        ClipListFile file = ClipListFile.read(list, "clip list");
        List<String> lines = file.lines();
        Path frames = root.resolve("2_ClipsforFaceCrop");
        List<ClipRecord> clips = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            int lineNumber = i + 1;
            String[] fields = line.split("\\s+");
            if (fields.length != 2) {
                throw new DatasetException(list, lineNumber, "expected 'Scene/Emotion/id EmotionName', got '" + line + "'");
            }
            Expression expression = byName(fields[1]);
            if (expression == null) {
                throw new DatasetException(list, lineNumber, "unknown emotion '" + fields[1]
                        + "' (expected Happy, Sad, Neutral, Angry, Surprise, Disgust or Fear)");
            }
            Path folder = paths.resolve(frames, fields[0], list, lineNumber);
            file.claimOnce(folder.toString(), lineNumber);
            List<Path> files;
            try {
                files = ClipFolder.frames(folder);
            } catch (DatasetException e) {
                throw new DatasetException(list, lineNumber, e.getMessage());
            }
            clips.add(new ClipRecord(fields[0], files, expression.ordinal(), list + ":" + lineNumber));
        }
        if (clips.isEmpty()) {
            throw new DatasetException(list, "the clip list holds no clip");
        }
        return clips;
    }

    private static Expression byName(String name) {
        for (Expression e : Expression.values()) {
            if (e.displayName().equalsIgnoreCase(name)) {
                return e;
            }
        }
        return null;
    }
}
