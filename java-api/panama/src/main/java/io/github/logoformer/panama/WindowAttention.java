package io.github.logoformer.panama;

import static io.github.logoformer.panama.SegmentChecks.FLOAT_BYTES;

import io.github.logoformer.abi.WindowAttentionConfig;
import java.lang.foreign.MemorySegment;

/**
 * Fused local windowed spatio-temporal attention (DESIGN.md 4.1) on memory segments: the FFM twin of
 * {@code io.github.logoformer.ops.WindowAttention}, without autograd (the caller runs the backward).
 *
 * <p>q, k, v, out and the gradients: float32 [B, T, heads, D] with T = G + F*H*W (G leading tokens), any non-negative
 * strides (q, k, v may be views of one packed projection). lse: contiguous float32 [B, heads, F*H*W],
 * written by the forward and read by the backward. Outputs are caller-provided. Native segments are
 * passed without copies; heap segments are copied (see {@link CallMemory}).
 */
public final class WindowAttention {
    private WindowAttention() {}

    public static void forward(TensorSegment q, TensorSegment k, TensorSegment v, TensorSegment out,
            MemorySegment lse, WindowAttentionConfig config) {
        long[] sizes = checkedSizes(q, k, v, config);
        SegmentChecks.tensor(out, "out", sizes, "q", FLOAT_BYTES, true);
        SegmentChecks.floats(lse, "lse", config.lseElements(sizes), "[B, heads, F*H*W]", true);
        try (CallMemory m = new CallMemory()) {
            int status = logoformer_h.lf_window_attention_fwd(
                    logoformer_h.LF_DEVICE_CPU(), MemorySegment.NULL, logoformer_h.LF_DTYPE_FLOAT32(),
                    sizes[0], sizes[2], sizes[3],
                    config.grid().frames(), config.grid().height(), config.grid().width(), config.leadingTokens(),
                    config.window().frames(), config.window().height(), config.window().width(),
                    (float) config.scale(),
                    m.input(q), m.strides(q), m.input(k), m.strides(k), m.input(v), m.strides(v),
                    m.output(out), m.strides(out), m.output(lse));
            NativeStatus.check(status, "lf_window_attention_fwd");
            m.commit();
        }
    }

    /** Writes dq, dk, dv from the forward's q, k, v, out, lse and the upstream gradient dOut. */
    public static void backward(TensorSegment q, TensorSegment k, TensorSegment v, TensorSegment out,
            MemorySegment lse, TensorSegment dOut, TensorSegment dq, TensorSegment dk, TensorSegment dv,
            WindowAttentionConfig config) {
        long[] sizes = checkedSizes(q, k, v, config);
        SegmentChecks.tensor(out, "out", sizes, "q", FLOAT_BYTES, false);
        SegmentChecks.floats(lse, "lse", config.lseElements(sizes), "[B, heads, F*H*W]", false);
        SegmentChecks.tensor(dOut, "dOut", sizes, "q", FLOAT_BYTES, false);
        SegmentChecks.tensor(dq, "dq", sizes, "q", FLOAT_BYTES, true);
        SegmentChecks.tensor(dk, "dk", sizes, "q", FLOAT_BYTES, true);
        SegmentChecks.tensor(dv, "dv", sizes, "q", FLOAT_BYTES, true);
        try (CallMemory m = new CallMemory()) {
            int status = logoformer_h.lf_window_attention_bwd(
                    logoformer_h.LF_DEVICE_CPU(), MemorySegment.NULL, logoformer_h.LF_DTYPE_FLOAT32(),
                    sizes[0], sizes[2], sizes[3],
                    config.grid().frames(), config.grid().height(), config.grid().width(), config.leadingTokens(),
                    config.window().frames(), config.window().height(), config.window().width(),
                    (float) config.scale(),
                    m.input(q), m.strides(q), m.input(k), m.strides(k), m.input(v), m.strides(v),
                    m.input(out), m.strides(out), m.input(lse), m.input(dOut), m.strides(dOut),
                    m.output(dq), m.strides(dq), m.output(dk), m.strides(dk), m.output(dv), m.strides(dv));
            NativeStatus.check(status, "lf_window_attention_bwd");
            m.commit();
        }
    }

    /** The JavaCPP layer's checks and messages, then the segment bounds of q, k, v. */
    private static long[] checkedSizes(TensorSegment q, TensorSegment k, TensorSegment v,
            WindowAttentionConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config: expected a WindowAttentionConfig, got null");
        }
        SegmentChecks.defined(q, "q");
        SegmentChecks.defined(k, "k");
        SegmentChecks.defined(v, "v");
        long[] sizes = q.sizes();
        config.checkTokens(sizes, k.sizes(), v.sizes());
        SegmentChecks.inside(q, "q", FLOAT_BYTES);
        SegmentChecks.inside(k, "k", FLOAT_BYTES);
        SegmentChecks.inside(v, "v", FLOAT_BYTES);
        return sizes;
    }

}
