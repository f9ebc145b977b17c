package io.github.logoformer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generic 'path n_frames label' list: relative paths, frame counts, labels, errors with file and line. */
class ClipListDatasetTest {
    @TempDir
    Path root;

    @Test
    void loadsRelativeFoldersAndTheListedFrameCount() throws IOException {
        Path folder = Files.createDirectories(root.resolve("clips/a"));
        for (int f = 1; f <= 6; f++) {
            DfewFixture.frame(folder.resolve(String.format("img_%03d.png", f)), 50);
        }
        Path list = root.resolve("train.txt");
        Files.writeString(list, "# path n_frames label\nclips/a 4 6\n");
        List<ClipRecord> clips = ClipListDataset.load(list, 7);
        assertEquals(1, clips.size());
        assertEquals(4, clips.get(0).frames().size());
        assertEquals(6, clips.get(0).label());

        Files.writeString(list, "clips/a 7 1\n");
        assertEquals(list + ":1: lists 7 frames, the folder holds 6",
                assertThrows(DatasetException.class, () -> ClipListDataset.load(list, 7)).getMessage());
        Files.writeString(list, "clips/a 4 7\n");
        assertEquals(list + ":1: unknown label 7 (expected 0 to 6)",
                assertThrows(DatasetException.class, () -> ClipListDataset.load(list, 7)).getMessage());
        Files.writeString(list, "\nclips/a four 1\n");
        assertEquals(list + ":2: n_frames: expected an integer, got 'four'",
                assertThrows(DatasetException.class, () -> ClipListDataset.load(list, 7)).getMessage());
        Files.writeString(list, "clips/a 4\n");
        assertEquals(list + ":1: expected 'path n_frames label', got 'clips/a 4'",
                assertThrows(DatasetException.class, () -> ClipListDataset.load(list, 7)).getMessage());
    }
}
