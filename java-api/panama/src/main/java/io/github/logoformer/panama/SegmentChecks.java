package io.github.logoformer.panama;

import io.github.logoformer.abi.ShapeRules;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Argument checks for the typed ops beyond the shared {@link ShapeRules}: what a tensor object
 * guarantees in the JavaCPP layer and a bare segment does not (the view lies inside its segment,
 * outputs are writable, native data is aligned), with the same style of message (name, rule, value).
 */
final class SegmentChecks {
    static final long FLOAT_BYTES = 4;
    static final long INT64_BYTES = 8;

    private SegmentChecks() {}

    static void defined(TensorSegment t, String name) {
        if (t == null) {
            throw new IllegalArgumentException(name + ": expected a defined tensor, got null");
        }
    }

    /** Defined, with {@code expected} sizes, inside its segment; writable when it is an output. */
    static void tensor(TensorSegment t, String name, long[] expected, String expectedName, long elementBytes,
            boolean output) {
        defined(t, name);
        ShapeRules.sameSizes(t.sizes(), name, expected, expectedName);
        inside(t, name, elementBytes);
        if (output) {
            writable(t.data(), name);
        }
    }

    /** Every element the view addresses lies inside the segment, and native data is element-aligned. */
    static void inside(TensorSegment t, String name, long elementBytes) {
        long last = 0;
        try {
            for (int i = 0; i < t.dim(); i++) {
                if (t.stride(i) < 0) {
                    throw new IllegalArgumentException(
                            name + ": expected strides >= 0, got " + Arrays.toString(t.strides()));
                }
                last = Math.addExact(last, Math.multiplyExact(t.size(i) - 1, t.stride(i)));
            }
            long bytes = Math.multiplyExact(last + 1, elementBytes);
            fits(t.data(), name, bytes, "sizes " + Arrays.toString(t.sizes()) + " and strides "
                    + Arrays.toString(t.strides()), elementBytes);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(name + ": element offsets overflow int64 for sizes "
                    + Arrays.toString(t.sizes()) + " and strides " + Arrays.toString(t.strides()));
        }
    }

    /** A contiguous float32 buffer of {@code count} elements laid out as {@code layout}. */
    static void floats(MemorySegment s, String name, long count, String layout, boolean output) {
        if (s == null) {
            throw new IllegalArgumentException(name + ": expected a float32 segment " + layout + ", got null");
        }
        fits(s, name, Math.multiplyExact(count, FLOAT_BYTES), layout + " = " + count + " float32", FLOAT_BYTES);
        if (output) {
            writable(s, name);
        }
    }

    private static void fits(MemorySegment s, String name, long bytes, String what, long alignment) {
        if (s.byteSize() < bytes) {
            throw new IllegalArgumentException(name + ": expected a segment of at least " + bytes + " bytes for "
                    + what + ", got " + s.byteSize());
        }
        if (s.isNative() && s.address() % alignment != 0) {
            throw new IllegalArgumentException(name + ": expected a native segment aligned to " + alignment
                    + " bytes, got address 0x" + Long.toHexString(s.address()));
        }
    }

    private static void writable(MemorySegment s, String name) {
        if (s.isReadOnly()) {
            throw new IllegalArgumentException(name + ": expected a writable segment, got a read-only one");
        }
    }
}
