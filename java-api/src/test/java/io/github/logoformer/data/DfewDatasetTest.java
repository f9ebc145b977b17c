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

/** DFEW's layout: fold lists, clip folders, frame order, and an error naming file and line for each bad input. */
class DfewDatasetTest {
    @TempDir
    Path root;

    @Test
    void loadsClipsWithFramesInNumericOrderAndZeroBasedLabels() throws IOException {
        Path folder = DfewFixture.clip(root, 3, 12, 100);
        DfewFixture.clip(root, 10, 2, 100);
        DfewFixture.list(root, Split.TRAIN, 2, "3,1\n00010,7\n\n");
        List<ClipRecord> clips = DfewDataset.load(root, Split.TRAIN, 2);
        assertEquals(2, clips.size());
        assertEquals("00003", clips.get(0).id());
        assertEquals(Expression.HAPPY.ordinal(), clips.get(0).label());
        assertEquals(Expression.FEAR.ordinal(), clips.get(1).label());
        assertEquals(12, clips.get(0).frames().size());
        assertEquals(folder.resolve("00003_00009.jpg"), clips.get(0).frames().get(8));
        assertEquals(folder.resolve("00003_00012.jpg"), clips.get(0).frames().get(11));
        assertTrue(clips.get(1).source().endsWith("single_trainset_2.csv:3"), clips.get(1).source());
    }

    @Test
    void aMissingFrameFailsNamingTheListLineAndTheFrame() throws IOException {
        Path folder = DfewFixture.clip(root, 1, 5, 100);
        Files.delete(folder.resolve("00001_00003.jpg"));
        Path csv = DfewFixture.list(root, Split.TEST, 1, "1,2\n");
        DatasetException e = assertThrows(DatasetException.class, () -> DfewDataset.load(root, Split.TEST, 1));
        assertTrue(e.getMessage().startsWith(csv + ":2: video 1: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("frame 3 is missing (frames run from 1 to 5)"), e.getMessage());
    }

    @Test
    void aMissingClipFolderFailsNamingTheListLine() throws IOException {
        DfewFixture.clip(root, 1, 2, 100);
        Path csv = DfewFixture.list(root, Split.TEST, 1, "1,2\n2,3\n");
        DatasetException e = assertThrows(DatasetException.class, () -> DfewDataset.load(root, Split.TEST, 1));
        assertTrue(e.getMessage().startsWith(csv + ":3: video 2: "), e.getMessage());
        assertTrue(e.getMessage().endsWith("clip folder not found"), e.getMessage());
    }

    @Test
    void badRowsFailNamingFileAndLine() throws IOException {
        DfewFixture.clip(root, 1, 2, 100);
        Path csv = DfewFixture.list(root, Split.TRAIN, 1, "1,2\n1;2\n");
        assertMessage(csv + ":3: expected 'video_name,label', got '1;2'", () -> DfewDataset.load(root, Split.TRAIN, 1));
        DfewFixture.list(root, Split.TRAIN, 1, "1,x\n");
        assertMessage(csv + ":2: label: expected a non-negative integer, got 'x'", () -> DfewDataset.load(root, Split.TRAIN, 1));
        DfewFixture.list(root, Split.TRAIN, 1, "1,2,3\n");
        assertMessage(csv + ":2: expected 'video_name,label', got '1,2,3'", () -> DfewDataset.load(root, Split.TRAIN, 1));
        Files.writeString(csv, "name,label\n1,2\n");
        assertMessage(csv + ":1: expected the header 'video_name,label', got 'name,label'", () -> DfewDataset.load(root, Split.TRAIN, 1));
    }

    @Test
    void anUnknownLabelFailsNamingFileAndLine() throws IOException {
        DfewFixture.clip(root, 1, 2, 100);
        Path csv = DfewFixture.list(root, Split.TRAIN, 4, "1,2\n1,8\n");
        assertMessage(csv + ":3: unknown label 8 (DFEW labels are 1 to 7)", () -> DfewDataset.load(root, Split.TRAIN, 4));
        DfewFixture.list(root, Split.TRAIN, 4, "1,0\n");
        assertMessage(csv + ":2: unknown label 0 (DFEW labels are 1 to 7)", () -> DfewDataset.load(root, Split.TRAIN, 4));
    }

    @Test
    void aMissingListFileOrFoldOutOfRangeFails() {
        DatasetException e = assertThrows(DatasetException.class, () -> DfewDataset.load(root, Split.TRAIN, 5));
        assertTrue(e.getMessage().startsWith(DfewDataset.listFile(root, Split.TRAIN, 5) + ": cannot read the fold list"),
                e.getMessage());
        assertMessage("fold: expected 1 to 5, got 6", () -> DfewDataset.load(root, Split.TRAIN, 6));
    }

    @Test
    void anUnreadableJpegFailsWhenDecodedNamingTheFrameAndTheListLine() throws IOException {
        Path folder = DfewFixture.clip(root, 7, 4, 100);
        Path broken = folder.resolve("00007_00002.jpg");
        Files.writeString(broken, "not a jpeg");
        Path csv = DfewFixture.list(root, Split.TEST, 3, "7,5\n");
        List<ClipRecord> clips = DfewDataset.load(root, Split.TEST, 3);
        ClipTransform transform = new ClipTransform(8);
        DatasetException e = assertThrows(DatasetException.class,
                () -> transform.testClip(clips.get(0), new int[] {0, 1, 2, 3}));
        assertEquals(broken + ": not a decodable image: frame 2 of clip 00007 (listed at " + csv + ":2)", e.getMessage());
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        RuntimeException e = assertThrows(RuntimeException.class, call);
        assertEquals(expected, e.getMessage());
    }
}
