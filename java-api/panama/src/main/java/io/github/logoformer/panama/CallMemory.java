package io.github.logoformer.panama;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Native memory for one downcall. Native segments pass through untouched (no copy); a heap segment is
 * copied into native memory because a regular downcall cannot take heap memory, and, for outputs,
 * copied back by {@link #commit()} once the call succeeded. Critical downcalls could read heap memory
 * in place, but they hold off the garbage collector for the whole call, and a DESIGN-sized window
 * attention runs for milliseconds on every core: copying is the honest price for heap arrays.
 */
final class CallMemory implements AutoCloseable {
    private final Arena arena = Arena.ofConfined();
    private final List<MemorySegment[]> copyBack = new ArrayList<>();

    /** The segment itself if native, else a native copy of it. */
    MemorySegment input(MemorySegment s) {
        if (s.isNative()) {
            return s;
        }
        MemorySegment copy = arena.allocate(s.byteSize(), 8);
        copy.copyFrom(s);
        return copy;
    }

    MemorySegment input(TensorSegment t) {
        return input(t.data());
    }

    /** As {@link #input}: the copy starts with the heap contents, so elements the kernel skips survive. */
    MemorySegment output(MemorySegment s) {
        MemorySegment target = input(s);
        if (target != s) {
            copyBack.add(new MemorySegment[] {target, s});
        }
        return target;
    }

    MemorySegment output(TensorSegment t) {
        return output(t.data());
    }

    /** The view's element strides as a native int64 array. */
    MemorySegment strides(TensorSegment t) {
        return arena.allocateFrom(ValueLayout.JAVA_LONG, t.strides());
    }

    /** Copies native results back into the heap segments they stand for. */
    void commit() {
        for (MemorySegment[] pair : copyBack) {
            pair[1].copyFrom(pair[0]);
        }
    }

    @Override
    public void close() {
        arena.close();
    }
}
