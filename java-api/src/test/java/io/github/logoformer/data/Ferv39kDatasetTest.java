package io.github.logoformer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FERV39K's lists: space-separated clip path and emotion name, frames under 2_ClipsforFaceCrop. */
class Ferv39kDatasetTest {
    @TempDir
    Path root;

    private void clip(String path, int frames) throws IOException {
        Path folder = Files.createDirectories(root.resolve("2_ClipsforFaceCrop").resolve(path));
        for (int f = 1; f <= frames; f++) {
            DfewFixture.frame(folder.resolve(f + ".jpg"), 90);
        }
    }

    private Path list(Split split, String text) throws IOException {
        Path file = Ferv39kDataset.listFile(root, split);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void loadsClipsByEmotionName() throws IOException {
        clip("Airport/Happy/0001", 3);
        clip("Street/Fear/0042", 11);
        list(Split.TEST, "Airport/Happy/0001 Happy\nStreet/Fear/0042 fear\n");
        List<ClipRecord> clips = Ferv39kDataset.load(root, Split.TEST);
        assertEquals(List.of(Expression.HAPPY.ordinal(), Expression.FEAR.ordinal()), clips.stream().map(ClipRecord::label).toList());
        assertEquals("10.jpg", clips.get(1).frames().get(9).getFileName().toString());
    }

    @Test
    void badLinesFailNamingFileAndLine() throws IOException {
        clip("Airport/Happy/0001", 3);
        Path file = list(Split.TRAIN, "Airport/Happy/0001 Happy\nAirport/Happy/0001 Joy\n");
        assertEquals(file + ":2: unknown emotion 'Joy' (expected Happy, Sad, Neutral, Angry, Surprise, Disgust or Fear)",
                assertThrows(DatasetException.class, () -> Ferv39kDataset.load(root, Split.TRAIN)).getMessage());
        list(Split.TRAIN, "Airport/Happy/0001\n");
        assertEquals(file + ":1: expected 'Scene/Emotion/id EmotionName', got 'Airport/Happy/0001'",
                assertThrows(DatasetException.class, () -> Ferv39kDataset.load(root, Split.TRAIN)).getMessage());
        list(Split.TRAIN, "Airport/Sad/0002 Sad\n");
        String message = assertThrows(DatasetException.class, () -> Ferv39kDataset.load(root, Split.TRAIN)).getMessage();
        assertTrue(message.startsWith(file + ":1: ") && message.endsWith("clip folder not found"), message);
    }
}
