package io.github.logoformer.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.abi.Grid3;
import io.github.logoformer.nn.ClsAttention;
import io.github.logoformer.nn.OpsMode;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

class AttentionMapsTest {
    @Test
    void sttHasATemporalAndASpatialMapPerBlockOverEveryGridToken() {
        List<ClsAttention> maps = AttentionMaps.of(ExplainModels.stt(OpsMode.FUSED, 1), ExplainModels.clip(2));
        assertEquals(List.of("block 0 temporal", "block 0 spatial", "block 1 temporal", "block 1 spatial"),
                maps.stream().map(ClsAttention::layer).toList());
        for (ClsAttention map : maps) {
            assertArrayEquals(new long[] {1, 2, 4, 3, 3}, map.grid().sizes().vec().get());
            assertEquals(Grid3.of(1, 1, 1), map.cell());
            assertProbabilities(map);
        }
    }

    @Test
    void logoFormerHasAGlobalMapPerBlockOverThePooledTokens() {
        List<ClsAttention> maps = AttentionMaps.of(ExplainModels.logoFormer(OpsMode.FUSED, 3), ExplainModels.clip(4));
        assertEquals(List.of("block 0 global", "block 1 global"), maps.stream().map(ClsAttention::layer).toList());
        for (ClsAttention map : maps) {
            assertArrayEquals(new long[] {1, 2, 2, 3, 1}, map.grid().sizes().vec().get());  // grid 4x3x3 / pool 2x1x3
            assertProbabilities(map);
            Tensor grid = AttentionMaps.onGrid(map);
            assertArrayEquals(new long[] {1, 4, 3, 3}, grid.sizes().vec().get());
            assertEquals(map.grid().mean(new long[] {1}).sum().item_double(), grid.sum().item_double(), 1e-6);
            // One pooled token covers frames 0-1 of row 0, columns 0-2: all six grid cells show its share.
            Tensor cell = grid.select(0, 0).narrow(0, 0, 2).narrow(1, 0, 1);
            assertEquals(cell.max().item_double(), cell.min().item_double(), 1e-7);
        }
    }

    private static void assertProbabilities(ClsAttention map) {
        Tensor total = map.cls().add(map.grid().flatten(2, -1).sum(new long[] {2}));
        assertEquals(1, total.min().item_double(), 1e-5);
        assertEquals(1, total.max().item_double(), 1e-5);
        assertTrue(map.grid().min().item_double() > 0);
    }
}
