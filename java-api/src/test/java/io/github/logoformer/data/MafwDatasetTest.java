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

/** MAFW's layout: the release's fold lists ('00025.mp4 happiness'), frames under data/frames, eleven classes. */
class MafwDatasetTest {
    @TempDir
    Path root;

    private Path clip(String name, int frames) throws IOException {
        Path folder = Files.createDirectories(MafwDataset.clipFolder(root, name));
        for (int f = 1; f <= frames; f++) {
            DfewFixture.frame(folder.resolve(String.format("%05d.png", f)), 80);
        }
        return folder;
    }

    private Path list(Split split, int fold, String text) throws IOException {
        Path file = MafwDataset.listFile(root, split, fold);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private String loadError(Split split, int fold) {
        return assertThrows(RuntimeException.class, () -> MafwDataset.load(root, split, fold)).getMessage();
    }

    @Test
    void loadsClipsByClassNameInMafwsLabelOrderWithFramesInOrder() throws IOException {
        Path folder = clip("00025", 12);
        clip("10045", 3);
        Path file = list(Split.TRAIN, 3, "\uFEFF00025.mp4 happiness\n\n10045.mp4 Disappointment\n");
        List<ClipRecord> clips = MafwDataset.load(root, Split.TRAIN, 3);
        assertEquals(List.of("00025", "10045"), clips.stream().map(ClipRecord::id).toList());
        assertEquals(List.of(3, 10), clips.stream().map(ClipRecord::label).toList());
        assertEquals(folder.resolve("00010.png"), clips.get(0).frames().get(9));
        assertEquals(file + ":3", clips.get(1).source());
        assertEquals(11, MafwExpression.values().length);
        assertEquals("Helplessness", MafwExpression.values()[9].displayName());
    }

    @Test
    void badLinesFailNamingFileAndLine() throws IOException {
        clip("00001", 2);
        Path file = list(Split.TEST, 1, "00001.mp4 anger\n00001.mp4 joy\n");
        assertEquals(file + ":2: unknown emotion 'joy' (expected anger, disgust, fear, happiness, neutral, sadness, surprise,"
                + " contempt, anxiety, helplessness, disappointment)", loadError(Split.TEST, 1));
        list(Split.TEST, 1, "00001.mp4\n");
        assertEquals(file + ":1: expected 'clip.mp4 emotion', got '00001.mp4'", loadError(Split.TEST, 1));
        list(Split.TEST, 1, "../../elsewhere.mp4 anger\n");
        assertEquals(file + ":1: expected a clip file name, got '../../elsewhere.mp4'", loadError(Split.TEST, 1));
        list(Split.TEST, 1, "00002.mp4 fear\n");
        String missing = loadError(Split.TEST, 1);
        assertTrue(missing.startsWith(file + ":1: clip 00002: ") && missing.endsWith("clip folder not found"), missing);
        list(Split.TEST, 1, "\n");
        assertEquals(file + ": the clip list holds no clip", loadError(Split.TEST, 1));
    }

    @Test
    void aMissingFrameOrListOrAFoldOutOfRangeFails() throws IOException {
        Path folder = clip("00007", 4);
        Files.delete(folder.resolve("00002.png"));
        Path file = list(Split.TRAIN, 5, "00007.mp4 contempt\n");
        String gap = loadError(Split.TRAIN, 5);
        assertTrue(gap.startsWith(file + ":1: clip 00007: ") && gap.endsWith("frame 2 is missing (frames run from 1 to 4)"), gap);
        assertTrue(loadError(Split.TEST, 5).startsWith(MafwDataset.listFile(root, Split.TEST, 5) + ": cannot read the clip list"));
        assertEquals("fold: expected 1 to 5, got 0", loadError(Split.TRAIN, 0));
    }
}
