package io.github.logoformer.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * FERV39K's layout: {@code 4_setups/All_scenes/train_All.csv} and {@code test_All.csv}, one clip per
 * line as {@code Scene/Emotion/id EmotionName} (space separated, no header), frames under
 * {@code 2_ClipsforFaceCrop/Scene/Emotion/id/}. Emotion names are the seven of {@link Expression}
 * (case-insensitive); the class index is DFEW's order, so models and reports share one class list.
 * One fixed split, no folds.
 */
public final class Ferv39kDataset {
    private Ferv39kDataset() {}

    public static Path listFile(Path root, Split split) {
        return root.resolve("4_setups").resolve("All_scenes").resolve(split == Split.TRAIN ? "train_All.csv" : "test_All.csv");
    }

    public static List<ClipRecord> load(Path root, Split split) {
        Path list = listFile(root, split);
        List<String> lines = ListFiles.lines(list, "clip list");
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
            List<Path> files;
            try {
                files = ClipFolder.frames(frames.resolve(fields[0]));
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
