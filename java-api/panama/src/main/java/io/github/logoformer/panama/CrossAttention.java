package io.github.logoformer.panama;

import static io.github.logoformer.panama.SegmentChecks.FLOAT_BYTES;

import io.github.logoformer.abi.ShapeRules;
import java.lang.foreign.MemorySegment;

/**
 * Fused dense (global) attention of Nq queries over Nk keys (DESIGN.md 4.3) on memory segments: the
 * FFM twin of {@code io.github.logoformer.ops.CrossAttention}, without autograd.
 *
 * <p>q, out, dq: float32 [B, Nq, heads, D]; k, v, dk, dv: [B, Nk, heads, D]; any non-negative strides.
 * lse: contiguous float32 [B, heads, Nq]. Outputs are caller-provided; heap segments are copied
 * (see {@link CallMemory}).
 */
public final class CrossAttention {
    private CrossAttention() {}

    public static void forward(TensorSegment q, TensorSegment k, TensorSegment v, TensorSegment out,
            MemorySegment lse, double scale) {
        long[] qSizes = checkedQuerySizes(q, k, v, scale);
        long[] kSizes = k.sizes();
        SegmentChecks.tensor(out, "out", qSizes, "q", FLOAT_BYTES, true);
        SegmentChecks.floats(lse, "lse", lseCount(qSizes), "[B, heads, Nq]", true);
        try (CallMemory m = new CallMemory()) {
            int status = logoformer_h.lf_cross_attention_fwd(
                    logoformer_h.LF_DEVICE_CPU(), MemorySegment.NULL, logoformer_h.LF_DTYPE_FLOAT32(),
                    qSizes[0], qSizes[2], qSizes[3], qSizes[1], kSizes[1], (float) scale,
                    m.input(q), m.strides(q), m.input(k), m.strides(k), m.input(v), m.strides(v),
                    m.output(out), m.strides(out), m.output(lse));
            NativeStatus.check(status, "lf_cross_attention_fwd");
            m.commit();
        }
    }

    /** Writes dq, dk, dv from the forward's q, k, v, out, lse and the upstream gradient dOut. */
    public static void backward(TensorSegment q, TensorSegment k, TensorSegment v, TensorSegment out,
            MemorySegment lse, TensorSegment dOut, TensorSegment dq, TensorSegment dk, TensorSegment dv,
            double scale) {
        long[] qSizes = checkedQuerySizes(q, k, v, scale);
        long[] kSizes = k.sizes();
        SegmentChecks.tensor(out, "out", qSizes, "q", FLOAT_BYTES, false);
        SegmentChecks.floats(lse, "lse", lseCount(qSizes), "[B, heads, Nq]", false);
        SegmentChecks.tensor(dOut, "dOut", qSizes, "q", FLOAT_BYTES, false);
        SegmentChecks.tensor(dq, "dq", qSizes, "q", FLOAT_BYTES, true);
        SegmentChecks.tensor(dk, "dk", kSizes, "k", FLOAT_BYTES, true);
        SegmentChecks.tensor(dv, "dv", kSizes, "k", FLOAT_BYTES, true);
        try (CallMemory m = new CallMemory()) {
            int status = logoformer_h.lf_cross_attention_bwd(
                    logoformer_h.LF_DEVICE_CPU(), MemorySegment.NULL, logoformer_h.LF_DTYPE_FLOAT32(),
                    qSizes[0], qSizes[2], qSizes[3], qSizes[1], kSizes[1], (float) scale,
                    m.input(q), m.strides(q), m.input(k), m.strides(k), m.input(v), m.strides(v),
                    m.input(out), m.strides(out), m.input(lse), m.input(dOut), m.strides(dOut),
                    m.output(dq), m.strides(dq), m.output(dk), m.strides(dk), m.output(dv), m.strides(dv));
            NativeStatus.check(status, "lf_cross_attention_bwd");
            m.commit();
        }
    }

    /** The JavaCPP layer's checks and messages, then the segment bounds of q, k, v. */
    private static long[] checkedQuerySizes(TensorSegment q, TensorSegment k, TensorSegment v, double scale) {
        SegmentChecks.defined(q, "q");
        SegmentChecks.defined(k, "k");
        SegmentChecks.defined(v, "v");
        long[] qSizes = q.sizes();
        ShapeRules.crossAttention(qSizes, k.sizes(), v.sizes(), scale);
        SegmentChecks.inside(q, "q", FLOAT_BYTES);
        SegmentChecks.inside(k, "k", FLOAT_BYTES);
        SegmentChecks.inside(v, "v", FLOAT_BYTES);
        return qSizes;
    }

    private static long lseCount(long[] qSizes) {
        return Math.multiplyExact(Math.multiplyExact(qSizes[0], qSizes[2]), qSizes[1]);
    }
}
