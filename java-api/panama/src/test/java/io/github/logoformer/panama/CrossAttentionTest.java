package io.github.logoformer.panama;

import static io.github.logoformer.panama.Segments.assertSameBits;
import static io.github.logoformer.panama.Segments.nanFloats;
import static io.github.logoformer.panama.Segments.onHeap;
import static io.github.logoformer.panama.Segments.randomFloats;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.logoformer.kernels.LogoformerNative;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cross attention through FFM against the JavaCPP path: same bits, same argument errors. */
class CrossAttentionTest {
    static final long B = 2, NQ = 7, NK = 3, HEADS = 2, D = 5;
    static final float SCALE = 0.4f;

    @BeforeAll
    static void loadThroughJavaCpp() {
        LogoformerNative.load();
    }

    @Test
    void forwardAndBackwardMatchJavaCppBitForBit() {
        try (Arena arena = Arena.ofConfined()) {
            TensorSegment q = TensorSegment.contiguous(randomFloats(arena, B * NQ * HEADS * D, 1), B, NQ, HEADS, D);
            TensorSegment k = TensorSegment.contiguous(randomFloats(arena, B * NK * HEADS * D, 2), B, NK, HEADS, D);
            TensorSegment v = TensorSegment.contiguous(randomFloats(arena, B * NK * HEADS * D, 3), B, NK, HEADS, D);
            TensorSegment dOut = TensorSegment.contiguous(randomFloats(arena, B * NQ * HEADS * D, 4), B, NQ, HEADS, D);
            MemorySegment[] ffm = outputs(arena), javaCpp = outputs(arena);
            TensorSegment heapQ = new TensorSegment(onHeap(q.data()), q.sizes(), q.strides());
            MemorySegment[] heap = outputs(arena);
            for (int i = 0; i < heap.length; i++) {
                heap[i] = onHeap(heap[i]);
            }
            runFfm(q, k, v, dOut, ffm);
            runFfm(heapQ, k, v, dOut, heap);
            int status = LogoformerNative.crossAttentionForward(0, 0, 0, B, HEADS, D, NQ, NK, SCALE,
                    q.data().address(), q.strides(), k.data().address(), k.strides(), v.data().address(), v.strides(),
                    javaCpp[0].address(), q.strides(), javaCpp[1].address());
            assertEquals(0, status);
            status = LogoformerNative.crossAttentionBackward(0, 0, 0, B, HEADS, D, NQ, NK, SCALE,
                    q.data().address(), q.strides(), k.data().address(), k.strides(), v.data().address(), v.strides(),
                    javaCpp[0].address(), q.strides(), javaCpp[1].address(), dOut.data().address(), dOut.strides(),
                    javaCpp[2].address(), q.strides(), javaCpp[3].address(), k.strides(), javaCpp[4].address(), k.strides());
            assertEquals(0, status);
            String[] names = {"out", "lse", "dq", "dk", "dv"};
            for (int i = 0; i < names.length; i++) {
                assertSameBits(javaCpp[i], ffm[i], names[i]);
                assertSameBits(javaCpp[i], heap[i], "heap " + names[i]);
            }
        }
    }

    /** out, lse, dq, dk, dv (NaN-filled). */
    private static MemorySegment[] outputs(Arena arena) {
        long qs = B * NQ * HEADS * D, ks = B * NK * HEADS * D;
        return new MemorySegment[] {nanFloats(arena, qs), nanFloats(arena, B * HEADS * NQ), nanFloats(arena, qs),
                nanFloats(arena, ks), nanFloats(arena, ks)};
    }

    private static void runFfm(TensorSegment q, TensorSegment k, TensorSegment v, TensorSegment dOut, MemorySegment[] o) {
        TensorSegment out = TensorSegment.contiguous(o[0], B, NQ, HEADS, D);
        CrossAttention.forward(q, k, v, out, o[1], SCALE);
        CrossAttention.backward(q, k, v, out, o[1], dOut, TensorSegment.contiguous(o[2], B, NQ, HEADS, D),
                TensorSegment.contiguous(o[3], B, NK, HEADS, D), TensorSegment.contiguous(o[4], B, NK, HEADS, D), SCALE);
    }

    @Test
    void argumentErrorsMatchTheJavaCppLayer() {
        try (Arena arena = Arena.ofConfined()) {
            TensorSegment q = TensorSegment.contiguous(randomFloats(arena, B * NQ * HEADS * D, 1), B, NQ, HEADS, D);
            TensorSegment kOtherHeads = TensorSegment.contiguous(randomFloats(arena, B * NK * D, 2), B, NK, 1, D);
            MemorySegment[] o = outputs(arena);
            TensorSegment out = TensorSegment.contiguous(o[0], B, NQ, HEADS, D);
            var tq = torch.randn(B, NQ, HEADS, D);
            var tk = torch.randn(B, NK, 1, D);
            WindowAttentionTest.assertSameMessage(() -> CrossAttention.forward(q, kOtherHeads, kOtherHeads, out, o[1], SCALE),
                    () -> io.github.logoformer.ops.CrossAttention.apply(tq, tk, tk, SCALE));
            WindowAttentionTest.assertSameMessage(() -> CrossAttention.forward(q, q, q, out, o[1], Double.NaN),
                    () -> io.github.logoformer.ops.CrossAttention.apply(tq, tq, tq, Double.NaN));
        }
    }
}
