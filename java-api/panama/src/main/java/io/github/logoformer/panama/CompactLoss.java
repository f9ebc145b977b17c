package io.github.logoformer.panama;

import static io.github.logoformer.panama.SegmentChecks.FLOAT_BYTES;
import static io.github.logoformer.panama.SegmentChecks.INT64_BYTES;

import io.github.logoformer.abi.Reduction;
import io.github.logoformer.abi.ShapeRules;
import java.lang.foreign.MemorySegment;

/**
 * Fused compact softmax cross-entropy (DESIGN.md 4.4) on memory segments: the FFM form of
 * {@code lf_compact_loss_fwd}, with the argument checks and messages of the JavaCPP layer's
 * {@code CompactLoss}.
 *
 * <p>logits: float32 [B, C], C >= 2, any non-negative strides. targets: int64 [B] class indices in
 * [0, C) (out-of-range targets are a native error naming the row). loss: contiguous float32, B values
 * for {@link Reduction#NONE}, else one. gradLogits: null, or float32 [B, C] that receives
 * d(loss)/d(logits) for a unit upstream gradient (reduction included): scale it by the upstream
 * gradient to back-propagate; there is no separate backward.
 */
public final class CompactLoss {
    private CompactLoss() {}

    public static void forward(TensorSegment logits, TensorSegment targets, double lambda, Reduction reduction,
            MemorySegment loss, TensorSegment gradLogits) {
        SegmentChecks.defined(logits, "logits");
        SegmentChecks.defined(targets, "targets");
        ShapeRules.compactLoss(logits.sizes(), targets.sizes(), lambda, reduction);
        long batch = logits.size(0), classes = logits.size(1);
        SegmentChecks.inside(logits, "logits", FLOAT_BYTES);
        SegmentChecks.inside(targets, "targets", INT64_BYTES);
        SegmentChecks.floats(loss, "loss", reduction == Reduction.NONE ? batch : 1,
                reduction == Reduction.NONE ? "[B]" : "[]", true);
        if (gradLogits != null) {
            SegmentChecks.tensor(gradLogits, "gradLogits", logits.sizes(), "logits", FLOAT_BYTES, true);
        }
        try (CallMemory m = new CallMemory()) {
            int status = logoformer_h.lf_compact_loss_fwd(
                    logoformer_h.LF_DEVICE_CPU(), MemorySegment.NULL, logoformer_h.LF_DTYPE_FLOAT32(),
                    batch, classes, (float) lambda, reduction.code(),
                    m.input(logits), m.strides(logits), m.input(targets), targets.stride(0), m.output(loss),
                    gradLogits == null ? MemorySegment.NULL : m.output(gradLogits),
                    gradLogits == null ? MemorySegment.NULL : m.strides(gradLogits));
            NativeStatus.check(status, "lf_compact_loss_fwd");
            m.commit();
        }
    }
}
