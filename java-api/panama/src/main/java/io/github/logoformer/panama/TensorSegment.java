package io.github.logoformer.panama;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A strided tensor view of a {@link MemorySegment}: element [0, ..., 0] at the segment's start, then
 * {@code sizes} and {@code strides} counted in elements, as the C ABI takes them. The segment may be
 * native (passed to the kernels as is) or on the heap (the typed ops copy it to native memory for the
 * call). The element type is the op's: float32 for tensors, int64 for class indices.
 */
public record TensorSegment(MemorySegment data, long[] sizes, long[] strides) {
    public TensorSegment {
        if (data == null || sizes == null || strides == null) {
            throw new IllegalArgumentException("TensorSegment: data, sizes and strides must not be null");
        }
        if (sizes.length != strides.length) {
            throw new IllegalArgumentException("TensorSegment: expected one stride per dim, got sizes "
                    + Arrays.toString(sizes) + " and strides " + Arrays.toString(strides));
        }
        sizes = sizes.clone();
        strides = strides.clone();
    }

    /** A row-major (contiguous) view of {@code data} with the given sizes. */
    public static TensorSegment contiguous(MemorySegment data, long... sizes) {
        long[] strides = new long[sizes.length];
        long stride = 1;
        for (int i = sizes.length - 1; i >= 0; i--) {
            strides[i] = stride;
            stride = Math.multiplyExact(stride, Math.max(sizes[i], 1));
        }
        return new TensorSegment(data, sizes, strides);
    }

    @Override
    public long[] sizes() {
        return sizes.clone();
    }

    @Override
    public long[] strides() {
        return strides.clone();
    }

    public int dim() {
        return sizes.length;
    }

    public long size(int dim) {
        return sizes[dim];
    }

    public long stride(int dim) {
        return strides[dim];
    }

    /** The same view with dim {@code dim} (of size 1) removed: how a [C, 1, pf, ph, pw] weight reaches the kernel. */
    TensorSegment squeeze(int dim) {
        long[] s = new long[sizes.length - 1], t = new long[sizes.length - 1];
        for (int i = 0, j = 0; i < sizes.length; i++) {
            if (i != dim) {
                s[j] = sizes[i];
                t[j++] = strides[i];
            }
        }
        return new TensorSegment(data, s, t);
    }

    @Override
    public String toString() {
        return "TensorSegment" + Arrays.toString(sizes) + " strides " + Arrays.toString(strides) + " over " + data;
    }
}
