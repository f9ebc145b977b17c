package io.github.logoformer.data;

/** Which part of a data set's fold: the training or the test list. */
public enum Split {
    TRAIN, TEST
}
