package io.github.logoformer.data;

import java.util.ArrayList;
import java.util.List;

/**
 * The part of every list or batch that one of {@code count} data-parallel processes takes: the positions
 * {@code p} with {@code p % count == index}. The shards of one list are disjoint and cover it; every
 * process cuts the same list (the same shuffled order, from the same seed) the same way.
 *
 * @param index this process's rank, 0 to {@code count - 1}
 * @param count the number of processes
 */
public record Shard(int index, int count) {
    /** One process takes everything. */
    public static final Shard WHOLE = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("shard: expected 0 <= index < count, got " + index + " of " + count);
        }
    }

    public boolean holds(int position) {
        return position % count == index;
    }

    /** This shard's items, in list order. */
    public <T> List<T> of(List<T> items) {
        List<T> mine = new ArrayList<>((items.size() + count - 1) / count);
        for (int i = index; i < items.size(); i += count) {
            mine.add(items.get(i));
        }
        return mine;
    }

    /**
     * The seed of this shard's random streams (augmentation, dropout) derived from a pass's seed: the seed
     * itself for shard 0, so that one process draws exactly what it always drew, a well-mixed other one for
     * the others, so that the processes do not repeat each other's draws.
     */
    public long seed(long seed) {
        return index == 0 ? seed : seed ^ (0x9E3779B97F4A7C15L * index);
    }
}
