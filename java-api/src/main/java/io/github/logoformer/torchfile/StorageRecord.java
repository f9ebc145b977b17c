package io.github.logoformer.torchfile;

import org.bytedeco.pytorch.Tensor;

/**
 * One storage of a file as its pickle names it: a key, an element type and an element count. Its bytes
 * come after the pickle (a zip record, or the legacy format's tail) and land in {@link #data}, a flat
 * tensor that the file's tensors view. A legacy view storage is a slice of a root storage.
 */
final class StorageRecord {
    final String key;
    final StorageType type;
    final long elements;
    final StorageRecord root;  // legacy views only; null for a storage with bytes of its own
    final long rootOffset;
    Tensor data;

    StorageRecord(String key, StorageType type, long elements) {
        this(key, type, elements, null, 0);
    }

    StorageRecord(String key, StorageType type, long elements, StorageRecord root, long rootOffset) {
        this.key = key;
        this.type = type;
        this.elements = elements;
        this.root = root;
        this.rootOffset = rootOffset;
    }

    long bytes() {
        return elements * type.elementSize();
    }
}
