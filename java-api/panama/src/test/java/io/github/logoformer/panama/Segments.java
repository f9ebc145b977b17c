package io.github.logoformer.panama;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/** Test data in memory segments, and bit-for-bit comparison of results. */
final class Segments {
    private Segments() {}

    /** {@code count} seeded normal floats in native memory owned by {@code arena}. */
    static MemorySegment randomFloats(Arena arena, long count, long seed) {
        MemorySegment s = arena.allocate(ValueLayout.JAVA_FLOAT, count);
        SplittableRandom random = new SplittableRandom(seed);
        for (long i = 0; i < count; i++) {
            // Box-Muller: normal values exercise the softmax like activations do.
            double u = 1 - random.nextDouble(), v = random.nextDouble();
            s.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) (Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)));
        }
        return s;
    }

    /** {@code count} uninitialised-looking (NaN-filled) floats: a kernel that skips an element shows. */
    static MemorySegment nanFloats(Arena arena, long count) {
        MemorySegment s = arena.allocate(ValueLayout.JAVA_FLOAT, count);
        for (long i = 0; i < count; i++) {
            s.setAtIndex(ValueLayout.JAVA_FLOAT, i, Float.NaN);
        }
        return s;
    }

    /** A heap copy of a native segment (float[] backed). */
    static MemorySegment onHeap(MemorySegment s) {
        return MemorySegment.ofArray(s.toArray(ValueLayout.JAVA_FLOAT));
    }

    static void assertSameBits(MemorySegment expected, MemorySegment actual, String what) {
        assertEquals(expected.byteSize(), actual.byteSize(), what + ": byte size");
        long at = expected.mismatch(actual);
        assertEquals(-1, at, () -> what + ": first differing byte " + at + " (float "
                + expected.get(ValueLayout.JAVA_FLOAT, at & ~3L) + " vs " + actual.get(ValueLayout.JAVA_FLOAT, at & ~3L) + ")");
    }

    static long address(MemorySegment s) {
        return s.address();
    }
}
