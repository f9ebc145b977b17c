package io.github.logoformer.ops;

import static io.github.logoformer.ops.Bfloat16Check.assertWithinTwiceReference;

import io.github.logoformer.abi.Grid3;
import io.github.logoformer.abi.Reduction;
import java.util.stream.Stream;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every op on bfloat16 CPU tensors against the float64 reference, output and every input gradient, within
 * 2x the error of the same reference computed in bfloat16 ({@link Bfloat16Check}), on the odd shapes of
 * each op's float32 test and on strided views. The build's Surefire configuration runs this class a second
 * time with the environment variable LF_CPU_SIMD lowering the kernels to a level without bfloat16
 * instructions, so the fallback kernels pass the same checks on a machine that has them.
 */
class Bfloat16OpsTest {
    @BeforeAll
    static void seed() {
        torch.manual_seed(23);
    }

    @ParameterizedTest
    @MethodSource("io.github.logoformer.ops.WindowAttentionTest#oddShapes")
    void windowAttentionOnOddShapes(WindowAttentionTest.Case c) {
        assertWithinTwiceReference("window attention " + c,
                in -> WindowAttention.apply(in[0], in[1], in[2], c.config()),
                in -> WindowAttentionReference.apply(in[0], in[1], in[2], c.config()),
                WindowAttentionTest.random(c.sizes()), WindowAttentionTest.random(c.sizes()),
                WindowAttentionTest.random(c.sizes()));
    }

    @Test
    void windowAttentionOnViewsOfAPackedProjection() {
        var c = new WindowAttentionTest.Case("packed", 2, 3, 24, Grid3.of(4, 3, 5), Grid3.of(2, 3, 5), 1);
        long tokens = c.sizes()[1];
        assertWithinTwiceReference("window attention, packed qkv",
                in -> WindowAttention.apply(in[0].select(2, 0), in[0].select(2, 1), in[0].select(2, 2), c.config()),
                in -> WindowAttentionReference.apply(in[0].select(2, 0), in[0].select(2, 1), in[0].select(2, 2), c.config()),
                WindowAttentionTest.random(new long[] {2, tokens, 3, 3, 24}));
    }

    @ParameterizedTest
    @MethodSource("io.github.logoformer.ops.CrossAttentionTest#shapes")
    void crossAttentionOnOddShapes(CrossAttentionTest.Case c) {
        assertWithinTwiceReference("cross attention " + c,
                in -> CrossAttention.apply(in[0], in[1], in[2], c.scale()),
                in -> CrossAttentionReference.apply(in[0], in[1], in[2], c.scale()),
                torch.randn(c.querySizes()), torch.randn(c.keySizes()), torch.randn(c.keySizes()));
    }

    @Test
    void crossAttentionWithKeysAndValuesAsViewsOfOnePackedTensor() {
        var c = new CrossAttentionTest.Case("packed kv", 2, 2, 40, 197, 9);
        assertWithinTwiceReference("cross attention, packed kv",
                in -> CrossAttention.apply(in[0], in[1].select(2, 0), in[1].select(2, 1), c.scale()),
                in -> CrossAttentionReference.apply(in[0], in[1].select(2, 0), in[1].select(2, 1), c.scale()),
                torch.randn(c.querySizes()), torch.randn(2, 9, 2, 2, 40));
    }

    @ParameterizedTest
    @MethodSource("io.github.logoformer.ops.GlobalTokensTest#shapes")
    void globalTokensOnOddShapesOfAGridPastCls(GlobalTokensTest.Case c) {
        Grid3 p = c.pool();
        long grid = c.grid().volume();
        // x is a narrow view past a CLS row, as the model passes it.
        assertWithinTwiceReference("global tokens " + c,
                in -> GlobalTokens.apply(in[0].narrow(1, 1, grid), in[1], in[2], in[3], in[4], c.config()),
                in -> GlobalTokensReference.apply(in[0].narrow(1, 1, grid), in[1], in[2], in[3], in[4], c.config()),
                torch.randn(c.batch(), 1 + grid, c.channels()),
                torch.randn(c.channels(), 1, p.frames(), p.height(), p.width()),
                torch.randn(c.channels()), torch.randn(c.channels()).add_(new Scalar(1)), torch.randn(c.channels()));
    }

    record LossCase(long batch, long classes, Reduction reduction, boolean transposed) {
        @Override
        public String toString() {
            return "B=" + batch + " C=" + classes + " " + reduction + (transposed ? ", strided logits" : "");
        }
    }

    static Stream<LossCase> lossCases() {
        return Stream.of(new LossCase(61, 2, Reduction.MEAN, false), new LossCase(64, 7, Reduction.NONE, false),
                new LossCase(33, 11, Reduction.SUM, true), new LossCase(16, 1000, Reduction.MEAN, true));
    }

    @ParameterizedTest
    @MethodSource("lossCases")
    void compactLossOnBfloat16Logits(LossCase c) {
        Tensor targets = CompactLossTest.targets(c.batch(), c.classes());
        // Strided: the logits are the transpose of a [C, B] tensor.
        Tensor raw = c.transposed() ? CompactLossTest.logits(c.classes(), c.batch(), 4.0)
                : CompactLossTest.logits(c.batch(), c.classes(), 4.0);
        assertWithinTwiceReference("compact loss " + c,
                in -> CompactLoss.apply(c.transposed() ? in[0].t() : in[0], targets, 0.5, c.reduction()),
                in -> CompactLossReference.apply(c.transposed() ? in[0].t() : in[0], targets, 0.5, c.reduction()),
                raw);
    }
}
