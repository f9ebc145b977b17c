package io.github.logoformer.train;

/**
 * What one epoch of a run did: its mean training loss (first SAM pass), last learning rate, test metrics and time.
 *
 * @param seconds wall time the epoch held the training thread: its training, and its test pass when that
 *     ran inline (a test pass beside the next epoch, see {@link Trainer}, is not counted), so a run's
 *     epochs add up to its training time
 */
public record EpochRecord(int epoch, double trainLoss, double learningRate, double testWar, double testUar, double seconds) {}
