package io.github.logoformer.torchfile;

/** A tensor as {@code torch._utils._rebuild_tensor_v2} describes it, before its storage's bytes are read. */
record PendingTensor(StorageRecord storage, long offset, long[] sizes, long[] strides) {}
