package io.github.logoformer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batches from background threads: shapes, labels, normalisation, reproducibility, and decode errors surfacing. */
class BatchLoaderTest {
    @TempDir
    Path root;

    private List<ClipRecord> clips(int count) throws IOException {
        StringBuilder rows = new StringBuilder();
        for (int v = 1; v <= count; v++) {
            DfewFixture.clip(root, v, 3 + v, 40 * v);
            rows.append(v).append(',').append(1 + v % 7).append('\n');
        }
        DfewFixture.list(root, Split.TRAIN, 1, rows.toString());
        return DfewDataset.load(root, Split.TRAIN, 1);
    }

    @Test
    void testPassesKeepListOrderAndGiveNormalisedTensors() throws IOException {
        List<ClipRecord> clips = clips(5);
        try (BatchLoader loader = new BatchLoader(clips, new FrameSampler(4), new ClipTransform(8), 2, false, 0, 2)) {
            assertEquals(3, loader.batches());
            List<Long> labels = new ArrayList<>();
            Batch first = loader.next();
            Tensor x = first.clips();
            assertArrayEquals(new long[] {2, 4, 3, 8, 8}, x.sizes().vec().get());
            assertArrayEquals(new long[] {2}, first.labels().sizes().vec().get());
            // Clip 1 is gray 40 everywhere: red channel (40/255 - 0.485) / 0.229, up to JPEG rounding.
            assertEquals((40 / 255.0 - 0.485) / 0.229, x.select(0, 0).select(1, 0).mean().item_double(), 0.05);
            for (long t : first.targets()) {
                labels.add(t);
            }
            while (loader.hasNext()) {
                for (long t : loader.next().targets()) {
                    labels.add(t);
                }
            }
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), labels);  // DFEW labels 2..6 -> indices 1..5
        }
    }

    @Test
    void eachProcessTakesItsShardOfEveryBatch() throws IOException {
        List<ClipRecord> clips = clips(5);
        List<List<Long>> zero = labels(clips, new Shard(0, 2)), one = labels(clips, new Shard(1, 2));
        // batches of 3: {1, 2, 3} {4, 5} -> shard 0 takes positions 0 and 2 of each, shard 1 position 1
        assertEquals(List.of(List.of(1L, 3L), List.of(4L)), zero);
        assertEquals(List.of(List.of(2L), List.of(5L)), one);
        assertEquals(List.of(List.of(1L, 2L, 3L), List.of(4L, 5L)), labels(clips, Shard.WHOLE));
        assertEquals(List.of(List.of(3L), List.of()), labels(clips, new Shard(2, 3)), "an empty part of a small batch");
    }

    @Test
    void anEmptyShardOfABatchGivesTensorsWithoutRows() throws IOException {
        try (BatchLoader loader = new BatchLoader(clips(2), new FrameSampler(4), new ClipTransform(8), 2, true, 5, 1,
                new Shard(2, 3))) {
            Batch empty = loader.next();
            assertArrayEquals(new long[] {0, 4, 3, 8, 8}, empty.clips().sizes().vec().get());
            assertEquals(0, empty.labels().size(0));
        }
    }

    private static List<List<Long>> labels(List<ClipRecord> clips, Shard shard) {
        List<List<Long>> batches = new ArrayList<>();
        try (BatchLoader loader = new BatchLoader(clips, new FrameSampler(4), new ClipTransform(8), 3, false, 0, 1, shard)) {
            while (loader.hasNext()) {
                batches.add(java.util.Arrays.stream(loader.next().targets()).boxed().toList());
            }
        }
        return batches;
    }

    @Test
    void trainingPassesAreReproducibleFromTheSeed() throws IOException {
        List<ClipRecord> clips = clips(6);
        float[] a = firstBatch(clips, 11), b = firstBatch(clips, 11), c = firstBatch(clips, 12);
        assertArrayEquals(a, b);
        assertEquals(false, java.util.Arrays.equals(a, c));
    }

    private static float[] firstBatch(List<ClipRecord> clips, long seed) {
        try (BatchLoader loader = new BatchLoader(clips, new FrameSampler(4), new ClipTransform(8), 3, true, seed, 2)) {
            return loader.next().pixels();
        }
    }

    @Test
    void aFrameThatFailsToDecodeSurfacesFromNext() throws IOException {
        List<ClipRecord> clips = clips(2);
        Path broken = clips.get(1).frames().get(0);
        Files.write(broken, new byte[] {1, 2, 3});
        try (BatchLoader loader = new BatchLoader(clips, new FrameSampler(4), new ClipTransform(8), 1, false, 0, 1)) {
            loader.next();
            DatasetException e = assertThrows(DatasetException.class, loader::next);
            assertEquals(broken.toString(), e.getMessage().substring(0, broken.toString().length()));
        }
    }
}
