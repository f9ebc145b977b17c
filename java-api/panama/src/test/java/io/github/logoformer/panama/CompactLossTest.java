package io.github.logoformer.panama;

import static io.github.logoformer.panama.Segments.assertSameBits;
import static io.github.logoformer.panama.Segments.nanFloats;
import static io.github.logoformer.panama.Segments.randomFloats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.logoformer.abi.Reduction;
import io.github.logoformer.kernels.LogoformerNative;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Compact loss through FFM against the JavaCPP binding: same bits for every reduction; native errors. */
class CompactLossTest {
    static final long B = 5, C = 7;

    @BeforeAll
    static void loadThroughJavaCpp() {
        LogoformerNative.load();
    }

    @Test
    void lossAndGradientMatchJavaCppBitForBitForEveryReduction() {
        try (Arena arena = Arena.ofConfined()) {
            // Logits read transposed: a [C, B] buffer viewed as [B, C] with strides {1, B}.
            TensorSegment logits = new TensorSegment(randomFloats(arena, B * C, 1), new long[] {B, C}, new long[] {1, B});
            TensorSegment targets = TensorSegment.contiguous(arena.allocateFrom(ValueLayout.JAVA_LONG, 0, 6, 3, 3, 1), B);
            for (Reduction reduction : Reduction.values()) {
                long lossCount = reduction == Reduction.NONE ? B : 1;
                MemorySegment ffmLoss = nanFloats(arena, lossCount), javaCppLoss = nanFloats(arena, lossCount);
                MemorySegment ffmGrad = nanFloats(arena, B * C), javaCppGrad = nanFloats(arena, B * C);
                CompactLoss.forward(logits, targets, 0.7, reduction, ffmLoss, TensorSegment.contiguous(ffmGrad, B, C));
                int status = LogoformerNative.compactLossForward(0, 0, 0, B, C, 0.7f, reduction.code(),
                        logits.data().address(), logits.strides(), targets.data().address(), 1, javaCppLoss.address(),
                        javaCppGrad.address(), new long[] {C, 1});
                assertEquals(0, status);
                assertSameBits(javaCppLoss, ffmLoss, reduction + " loss");
                assertSameBits(javaCppGrad, ffmGrad, reduction + " gradient");
            }
        }
    }

    @Test
    void aTargetOutOfRangeIsANativeErrorNamingTheRow() {
        try (Arena arena = Arena.ofConfined()) {
            TensorSegment logits = TensorSegment.contiguous(randomFloats(arena, B * C, 1), B, C);
            TensorSegment targets = TensorSegment.contiguous(arena.allocateFrom(ValueLayout.JAVA_LONG, 0, 1, 7, 2, 3), B);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CompactLoss.forward(logits, targets, 0.5, Reduction.MEAN, nanFloats(arena, 1), null));
            assertEquals("lf_compact_loss_fwd: LF_ERROR_INVALID_ARGUMENT: targets: expected class indices in "
                    + "[0, classes = 7), got 7 at row 2", e.getMessage());
        }
    }
}
