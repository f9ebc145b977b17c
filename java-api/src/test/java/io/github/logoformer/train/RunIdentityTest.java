package io.github.logoformer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.data.ClipRecord;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The data lists' digest that the ranks of a job compare: the clips' ids, labels and frame counts, not where they lie. */
class RunIdentityTest {
    private static ClipRecord clip(String root, String id, int label, int frames) {
        List<Path> paths = java.util.stream.IntStream.range(0, frames).mapToObj(f -> Path.of(root, id, f + ".jpg")).toList();
        return new ClipRecord(id, paths, label, root + "/list.csv");
    }

    @Test
    void theSameListUnderAnotherRootDigestsAlikeAndAnyChangedLabelFrameCountOrOrderDoesNot() {
        List<ClipRecord> here = List.of(clip("/data", "00001", 2, 3), clip("/data", "00002", 5, 4));
        String digest = RunIdentity.digest(here);
        assertTrue(digest.matches("2 clips, sha256 [0-9a-f]{16}"), digest);
        assertEquals(digest, RunIdentity.digest(List.of(clip("/mnt/other", "00001", 2, 3), clip("/mnt/other", "00002", 5, 4))));
        assertNotEquals(digest, RunIdentity.digest(List.of(clip("/data", "00001", 2, 3), clip("/data", "00002", 6, 4))));
        assertNotEquals(digest, RunIdentity.digest(List.of(clip("/data", "00001", 2, 3), clip("/data", "00002", 5, 5))));
        assertNotEquals(digest, RunIdentity.digest(List.of(here.get(1), here.get(0))));
    }
}
