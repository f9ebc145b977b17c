package io.github.logoformer.data;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One pass over a list of clips in batches, decoded ahead on background threads: {@code workers}
 * threads keep up to {@code workers + 1} batches in flight, so the model rarely waits for JPEG
 * decoding. Training passes shuffle the clips and sample and augment at random; test passes keep the
 * list order and use the deterministic test-time sampling. Randomness comes from the seed and the
 * batch index only, never from thread timing: a pass is reproducible.
 *
 * <p>In a data-parallel job every process walks the same batches (same shuffled order, from the same
 * seed) and keeps its {@link Shard} of each: the clips at positions {@code j % count == index} inside the
 * batch, so a process may get fewer clips than another, or none in an epoch's small last batch.
 * Random draws come from the seed, the batch index and the shard ({@link Shard#seed}); one process
 * ({@link Shard#WHOLE}) draws what it always drew.
 *
 * <p>A frame that fails to decode surfaces from {@link #next()} as the worker's
 * {@link DatasetException}. Close the loader to stop its threads.
 */
public final class BatchLoader implements Iterator<Batch>, AutoCloseable {
    private final List<ClipRecord> order;
    private final FrameSampler sampler;
    private final ClipTransform transform;
    private final int batchSize;
    private final boolean train;
    private final long seed;
    private final Shard shard;
    private final ExecutorService pool;
    private final ArrayDeque<Future<Batch>> pending = new ArrayDeque<>();
    private final int batches;
    private int submitted;
    private int delivered;

    /**
     * @param train shuffle, random offsets and augmentation (else list order, centred, no augmentation)
     * @param seed the pass's seed (derive it from the run's seed and the epoch)
     */
    public BatchLoader(List<ClipRecord> clips, FrameSampler sampler, ClipTransform transform, int batchSize,
            boolean train, long seed, int workers) {
        this(clips, sampler, transform, batchSize, train, seed, workers, Shard.WHOLE);
    }

    /**
     * A pass that delivers only {@code shard}'s clips of each batch of {@code batchSize} (see the class
     * comment); {@link #batches()} counts the whole job's batches.
     */
    public BatchLoader(List<ClipRecord> clips, FrameSampler sampler, ClipTransform transform, int batchSize,
            boolean train, long seed, int workers, Shard shard) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize: expected >= 1, got " + batchSize);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers: expected >= 1, got " + workers);
        }
        this.sampler = sampler;
        this.transform = transform;
        this.batchSize = batchSize;
        this.train = train;
        this.seed = seed;
        this.shard = shard;
        List<ClipRecord> list = new ArrayList<>(clips);
        if (train) {
            Collections.shuffle(list, new Random(seed));
        }
        order = list;
        batches = (list.size() + batchSize - 1) / batchSize;
        pool = Executors.newFixedThreadPool(workers, runnable -> {
            Thread thread = new Thread(runnable, "clip-decoder");
            thread.setDaemon(true);
            return thread;
        });
        while (submitted < Math.min(batches, workers + 1)) {
            submit();
        }
    }

    /** Batches in this pass (the last one may be smaller). */
    public int batches() {
        return batches;
    }

    @Override
    public boolean hasNext() {
        return delivered < batches;
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the pass has " + batches + " batches");
        }
        Future<Batch> future = pending.poll();
        if (submitted < batches) {
            submit();
        }
        delivered++;
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException("decoding a batch failed", e.getCause());
        }
    }

    private void submit() {
        int index = submitted++;
        pending.add(pool.submit(() -> assemble(index)));
    }

    private Batch assemble(int index) {
        int from = index * batchSize, to = Math.min(order.size(), from + batchSize);
        List<ClipRecord> mine = shard.of(order.subList(from, to));
        Random random = train ? new Random(shard.seed(seed * 1_000_003L + index)) : null;
        int frames = sampler.frames(), clipFloats = transform.clipFloats(frames);
        float[] pixels = new float[mine.size() * clipFloats];
        long[] targets = new long[mine.size()];
        for (int i = 0; i < mine.size(); i++) {
            ClipRecord clip = mine.get(i);
            int length = clip.frames().size();
            int[] indices = train ? sampler.trainIndices(length, random) : sampler.testIndices(length);
            transform.apply(clip, indices, random, pixels, i * clipFloats);
            targets[i] = clip.label();
        }
        return new Batch(pixels, targets, frames, transform.size());
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
