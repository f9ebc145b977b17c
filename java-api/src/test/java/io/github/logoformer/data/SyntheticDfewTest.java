package io.github.logoformer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The synthetic set is a valid DFEW tree: balanced, stratified 5 folds, clip lengths in range, written once. */
class SyntheticDfewTest {
    @TempDir
    Path dir;

    @Test
    void writesAFiveFoldDfewTreeThatTheLoaderReads() {
        Path root = dir.resolve("synthetic");
        SyntheticDfew spec = new SyntheticDfew(5, 3, 6, 24, 1);
        assertTrue(spec.ensure(root));
        assertFalse(spec.ensure(root), "a complete set is not written again");
        Set<String> tested = new HashSet<>();
        for (int fold = 1; fold <= 5; fold++) {
            List<ClipRecord> train = DfewDataset.load(root, Split.TRAIN, fold);
            List<ClipRecord> test = DfewDataset.load(root, Split.TEST, fold);
            assertEquals(28, train.size());
            assertEquals(7, test.size());
            assertEquals(7, test.stream().mapToInt(ClipRecord::label).distinct().count(), "one clip per class per test fold");
            for (ClipRecord clip : test) {
                assertTrue(tested.add(clip.id()), "clip " + clip.id() + " in two test folds");
                assertTrue(clip.frames().size() >= 3 && clip.frames().size() <= 6);
            }
            assertTrue(train.stream().noneMatch(c -> test.stream().anyMatch(t -> t.id().equals(c.id()))));
        }
        assertEquals(35, tested.size());
        float[] pixels = new ClipTransform(24).testClip(DfewDataset.load(root, Split.TEST, 1).get(0), new int[] {0, 1});
        assertEquals(2 * 3 * 24 * 24, pixels.length);
    }

    @Test
    void anIncompleteFolderIsNotOverwritten() throws Exception {
        Path root = Files.createDirectories(dir.resolve("half"));
        DatasetException e = assertThrows(DatasetException.class, () -> new SyntheticDfew(5, 3, 6, 24, 1).ensure(root));
        assertTrue(e.getMessage().startsWith(root + ": exists but holds no complete DFEW layout"), e.getMessage());
    }
}
