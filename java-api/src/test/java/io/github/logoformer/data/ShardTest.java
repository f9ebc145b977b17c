package io.github.logoformer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Shards of a list are disjoint and cover it; shard 0 keeps a pass's seed, the others get their own. */
class ShardTest {
    @Test
    void theShardsOfAListAreDisjointAndCoverIt() {
        List<Integer> items = IntStream.range(0, 11).boxed().toList();
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            all.addAll(new Shard(i, 3).of(items));
        }
        assertEquals(List.of(0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8), all);
        assertEquals(List.of(), new Shard(2, 3).of(List.of(1, 2)));
        assertEquals(items, Shard.WHOLE.of(items));
    }

    @Test
    void shardZeroKeepsThePassSeedAndTheOthersDiffer() {
        assertEquals(42L, new Shard(0, 4).seed(42));
        assertNotEquals(new Shard(1, 4).seed(42), new Shard(2, 4).seed(42));
        assertNotEquals(42L, new Shard(1, 4).seed(42));
    }

    @Test
    void anIndexOutsideTheCountIsRefused() {
        assertEquals("shard: expected 0 <= index < count, got 2 of 2",
                assertThrows(IllegalArgumentException.class, () -> new Shard(2, 2)).getMessage());
    }
}
