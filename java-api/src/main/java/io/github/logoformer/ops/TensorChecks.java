package io.github.logoformer.ops;

import org.bytedeco.pytorch.Tensor;

/**
 * What the typed ops read off a LibTorch tensor before a native call; the rules on the sizes are
 * {@code io.github.logoformer.abi}'s, shared with the Panama bindings.
 */
final class TensorChecks {
    private TensorChecks() {}

    static void defined(Tensor t, String name) {
        if (t == null || t.isNull() || !t.defined()) {
            throw new IllegalArgumentException(name + ": expected a defined tensor, got " + (t == null ? "null" : "an undefined tensor"));
        }
    }

    static long[] sizes(Tensor t) {
        long[] sizes = new long[(int) t.dim()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = t.size(i);
        }
        return sizes;
    }

    static long[] strides(Tensor t) {
        long[] strides = new long[(int) t.dim()];
        for (int i = 0; i < strides.length; i++) {
            strides[i] = t.stride(i);
        }
        return strides;
    }
}
