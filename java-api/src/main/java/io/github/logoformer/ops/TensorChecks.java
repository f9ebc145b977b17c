package io.github.logoformer.ops;

import java.util.Arrays;
import org.bytedeco.pytorch.Tensor;

/** Argument checks for typed ops: each failure names the argument, the rule and the value. */
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

    static void dims(Tensor t, String name, int rank, String layout) {
        if (t.dim() != rank) {
            throw new IllegalArgumentException(
                    name + ": expected " + rank + " dims " + layout + ", got " + Arrays.toString(sizes(t)));
        }
    }

    static void sameSizes(Tensor t, String name, long[] expected, String expectedName) {
        long[] sizes = sizes(t);
        if (!Arrays.equals(sizes, expected)) {
            throw new IllegalArgumentException(
                    name + ": expected the sizes of " + expectedName + " " + Arrays.toString(expected) + ", got "
                            + Arrays.toString(sizes));
        }
    }

    static void nonEmpty(Tensor t, String name) {
        for (long size : sizes(t)) {
            if (size < 1) {
                throw new IllegalArgumentException(name + ": expected non-empty dims, got " + Arrays.toString(sizes(t)));
            }
        }
    }

    /** A double the kernels take as a float: finite in float range. */
    static void finiteFloat(double value, String name) {
        if (!Double.isFinite(value) || Math.abs(value) > Float.MAX_VALUE) {
            throw new IllegalArgumentException(name + ": expected a finite float, got " + value);
        }
    }
}
