package io.github.logoformer.train;

import io.github.logoformer.nn.WeightsReport;

/** What a {@link Trainer} reports while it runs (the command line draws a progress line from it). */
public interface TrainingListener {
    /** After each optimiser step: 1-based batch of {@code batches} in 1-based {@code epoch} of {@code epochs}. */
    void batchDone(int epoch, int epochs, int batch, int batches, double loss);

    /**
     * After each epoch's evaluation and checkpoint, in epoch order. It may be called on another thread
     * than {@link #batchDone}, while the next epoch's batches run (see {@link Trainer}).
     */
    void epochDone(EpochRecord record, int epochs);

    /** After starting weights were loaded into a new run's model, before its first epoch. */
    default void weightsLoaded(WeightsReport report) {}

    /** A listener that reports nothing. */
    TrainingListener SILENT = new TrainingListener() {
        @Override
        public void batchDone(int epoch, int epochs, int batch, int batches, double loss) {}

        @Override
        public void epochDone(EpochRecord record, int epochs) {}
    };
}
