package io.github.logoformer.panama;

import static io.github.logoformer.panama.Segments.assertSameBits;
import static io.github.logoformer.panama.Segments.nanFloats;
import static io.github.logoformer.panama.Segments.onHeap;
import static io.github.logoformer.panama.Segments.randomFloats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.logoformer.abi.Grid3;
import io.github.logoformer.abi.WindowAttentionConfig;
import io.github.logoformer.kernels.LogoformerNative;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Window attention through FFM against the JavaCPP path: same bits, same argument errors. */
class WindowAttentionTest {
    static final long B = 2, HEADS = 3, D = 5, G = 1;
    static final WindowAttentionConfig CONFIG = WindowAttentionConfig.of(Grid3.of(2, 3, 4), Grid3.of(1, 3, 2), G, D);
    static final long T = CONFIG.tokens(), N = CONFIG.grid().volume();

    @BeforeAll
    static void loadThroughJavaCpp() {
        LogoformerNative.load();  // the FFM lookup then finds the same library (LogoformerLibrary, step 2)
    }

    /** q, k, v as views of one packed [B, T, 3, heads, D] projection, as models produce them. */
    record Inputs(TensorSegment q, TensorSegment k, TensorSegment v, TensorSegment dOut) {
        static Inputs random(Arena arena, long seed) {
            MemorySegment qkv = randomFloats(arena, B * T * 3 * HEADS * D, seed);
            return packed(qkv, TensorSegment.contiguous(randomFloats(arena, B * T * HEADS * D, seed + 1), B, T, HEADS, D));
        }

        static Inputs packed(MemorySegment qkv, TensorSegment dOut) {
            long[] sizes = {B, T, HEADS, D}, strides = {T * 3 * HEADS * D, 3 * HEADS * D, D, 1};
            long part = HEADS * D * Float.BYTES;
            return new Inputs(new TensorSegment(qkv, sizes, strides), new TensorSegment(qkv.asSlice(part), sizes, strides),
                    new TensorSegment(qkv.asSlice(2 * part), sizes, strides), dOut);
        }

        Inputs onHeapCopy() {
            MemorySegment qkv = onHeap(q.data());
            return packed(qkv, new TensorSegment(onHeap(dOut.data()), dOut.sizes(), dOut.strides()));
        }
    }

    /** out, lse, dq, dk, dv, NaN-filled so that an element left unwritten fails the comparison. */
    record Results(TensorSegment out, MemorySegment lse, TensorSegment dq, TensorSegment dk, TensorSegment dv) {
        static Results nan(Arena arena) {
            return new Results(tokens(arena), nanFloats(arena, B * HEADS * N), tokens(arena), tokens(arena), tokens(arena));
        }

        static Results nanOnHeap(Arena arena) {
            Results r = nan(arena);
            return new Results(heap(r.out), onHeap(r.lse), heap(r.dq), heap(r.dk), heap(r.dv));
        }

        private static TensorSegment tokens(Arena arena) {
            return TensorSegment.contiguous(nanFloats(arena, B * T * HEADS * D), B, T, HEADS, D);
        }

        private static TensorSegment heap(TensorSegment t) {
            return new TensorSegment(onHeap(t.data()), t.sizes(), t.strides());
        }

        void assertSameBits(Results expected) {
            Segments.assertSameBits(expected.out.data(), out.data(), "out");
            Segments.assertSameBits(expected.lse, lse, "lse");
            Segments.assertSameBits(expected.dq.data(), dq.data(), "dq");
            Segments.assertSameBits(expected.dk.data(), dk.data(), "dk");
            Segments.assertSameBits(expected.dv.data(), dv.data(), "dv");
        }
    }

    static void runFfm(Inputs in, Results r, WindowAttentionConfig c) {
        WindowAttention.forward(in.q, in.k, in.v, r.out, r.lse, c);
        WindowAttention.backward(in.q, in.k, in.v, r.out, r.lse, in.dOut, r.dq, r.dk, r.dv, c);
    }

    static void runJavaCpp(Inputs in, Results r, WindowAttentionConfig c) {
        Grid3 g = c.grid(), w = c.window();
        int status = LogoformerNative.windowAttentionForward(0, 0, 0, B, HEADS, D, g.frames(), g.height(), g.width(), G,
                w.frames(), w.height(), w.width(), (float) c.scale(),
                in.q.data().address(), in.q.strides(), in.k.data().address(), in.k.strides(),
                in.v.data().address(), in.v.strides(), r.out.data().address(), r.out.strides(), r.lse.address());
        assertEquals(0, status);
        status = LogoformerNative.windowAttentionBackward(0, 0, 0, B, HEADS, D, g.frames(), g.height(), g.width(), G,
                w.frames(), w.height(), w.width(), (float) c.scale(),
                in.q.data().address(), in.q.strides(), in.k.data().address(), in.k.strides(),
                in.v.data().address(), in.v.strides(), r.out.data().address(), r.out.strides(), r.lse.address(),
                in.dOut.data().address(), in.dOut.strides(), r.dq.data().address(), r.dq.strides(),
                r.dk.data().address(), r.dk.strides(), r.dv.data().address(), r.dv.strides());
        assertEquals(0, status);
    }

    @Test
    void forwardAndBackwardMatchJavaCppBitForBitOnNativeAndHeapSegments() {
        try (Arena arena = Arena.ofConfined()) {
            Inputs in = Inputs.random(arena, 42);
            Results javaCpp = Results.nan(arena), ffm = Results.nan(arena), heap = Results.nanOnHeap(arena);
            runJavaCpp(in, javaCpp, CONFIG);
            runFfm(in, ffm, CONFIG);
            ffm.assertSameBits(javaCpp);
            runFfm(in.onHeapCopy(), heap, CONFIG);
            heap.assertSameBits(javaCpp);
        }
    }

    @Test
    void argumentErrorsMatchTheJavaCppLayer() {
        try (Arena arena = Arena.ofConfined()) {
            Inputs in = Inputs.random(arena, 1);
            Results r = Results.nan(arena);
            TensorSegment shortK = TensorSegment.contiguous(in.k.data(), B, T - 1, HEADS, D);
            TensorSegment threeDims = TensorSegment.contiguous(in.q.data(), B, T, HEADS * D);
            WindowAttentionConfig wrongGrid = WindowAttentionConfig.of(Grid3.of(2, 3, 2), Grid3.of(1, 3, 2), G, D);
            Tensor q = torch.randn(B, T, HEADS, D);
            assertSameMessage(() -> WindowAttention.forward(in.q, shortK, in.v, r.out, r.lse, CONFIG),
                    () -> io.github.logoformer.ops.WindowAttention.apply(q, torch.randn(B, T - 1, HEADS, D), q, CONFIG));
            assertSameMessage(() -> WindowAttention.forward(threeDims, in.k, in.v, r.out, r.lse, CONFIG),
                    () -> io.github.logoformer.ops.WindowAttention.apply(torch.randn(B, T, HEADS * D), q, q, CONFIG));
            assertSameMessage(() -> WindowAttention.forward(in.q, in.k, in.v, r.out, r.lse, wrongGrid),
                    () -> io.github.logoformer.ops.WindowAttention.apply(q, q, q, wrongGrid));
            assertSameMessage(() -> WindowAttention.forward(in.q, null, in.v, r.out, r.lse, CONFIG),
                    () -> io.github.logoformer.ops.WindowAttention.apply(q, null, q, CONFIG));
        }
    }

    @Test
    void viewsOutsideTheirSegmentAreRefusedBeforeTheNativeCall() {
        try (Arena arena = Arena.ofConfined()) {
            Inputs in = Inputs.random(arena, 2);
            Results r = Results.nan(arena);
            TensorSegment shortQ = new TensorSegment(in.q.data().asSlice(0, 64), in.q.sizes(), in.q.strides());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> WindowAttention.forward(shortQ, in.k, in.v, r.out, r.lse, CONFIG));
            assertEquals("q: expected a segment of at least " + ((B * T * 3 - 2) * HEADS * D * 4)
                    + " bytes for sizes [2, 25, 3, 5] and strides [1125, 45, 5, 1], got 64", e.getMessage());
            IllegalArgumentException readOnly = assertThrows(IllegalArgumentException.class,
                    () -> WindowAttention.forward(in.q, in.k, in.v, new TensorSegment(r.out.data().asReadOnly(),
                            r.out.sizes(), r.out.strides()), r.lse, CONFIG));
            assertEquals("out: expected a writable segment, got a read-only one", readOnly.getMessage());
            IllegalArgumentException lse = assertThrows(IllegalArgumentException.class,
                    () -> WindowAttention.forward(in.q, in.k, in.v, r.out, r.lse.asSlice(4), CONFIG));
            assertEquals("lse: expected a segment of at least 576 bytes for [B, heads, F*H*W] = 144 float32, got 572",
                    lse.getMessage());
        }
    }

    static void assertSameMessage(Executable ffm, Executable javaCpp) {
        IllegalArgumentException expected = assertThrows(IllegalArgumentException.class, javaCpp);
        IllegalArgumentException actual = assertThrows(IllegalArgumentException.class, ffm);
        assertEquals(expected.getMessage(), actual.getMessage());
    }
}
