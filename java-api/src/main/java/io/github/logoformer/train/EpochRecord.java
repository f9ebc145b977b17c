package io.github.logoformer.train;

/** What one epoch of a run did: its mean training loss (first SAM pass), last learning rate, test metrics and time. */
public record EpochRecord(int epoch, double trainLoss, double learningRate, double testWar, double testUar, double seconds) {}
