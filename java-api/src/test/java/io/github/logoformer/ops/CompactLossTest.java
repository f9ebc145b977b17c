package io.github.logoformer.ops;

import static io.github.logoformer.ops.TensorAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.abi.Reduction;
import io.github.logoformer.autograd.AutogradBridge;
import java.util.stream.Stream;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorArrayRefOptional;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused compact loss against {@link CompactLossReference}: forward in float32 vs the reference in
 * float64, logit gradients through LibTorch autograd vs the reference's own autograd in float64, edge
 * cases of the contract (-inf classes, logits of 1e4, lambda = 0) and argument errors.
 */
class CompactLossTest {
    record Case(long batch, long classes, double range, Reduction reduction) {
        @Override
        public String toString() {
            return "B=" + batch + " C=" + classes + " range " + range + " " + reduction;
        }
    }

    static Stream<Case> cases() {
        Stream.Builder<Case> cases = Stream.builder();
        for (long classes : new long[] {2, 7, 11, 1000}) {
            for (long batch : new long[] {1, 5, 64}) {
                for (Reduction reduction : Reduction.values()) {
                    cases.add(new Case(batch, classes, 4.0, reduction));
                }
            }
        }
        cases.add(new Case(32, 7, 1e4, Reduction.MEAN));
        cases.add(new Case(32, 1000, 1e4, Reduction.NONE));
        return cases.build();
    }

    @BeforeAll
    static void seed() {
        torch.manual_seed(11);
    }

    static Tensor logits(long batch, long classes, double range) {
        return torch.rand(batch, classes).mul_(new Scalar(2 * range)).sub_(new Scalar(range));
    }

    static Tensor targets(long batch, long classes) {
        return torch.randint(classes, new long[] {batch}).to(torch.ScalarType.Long);
    }

    /** A fresh float32 or float64 leaf with z's values. */
    private static Tensor leaf(Tensor z, boolean float64) {
        return z.detach().to(float64 ? torch.ScalarType.Double : torch.ScalarType.Float).requires_grad_(true);
    }

    private static Tensor loss(Tensor z, Tensor y, double lambda, Reduction reduction, boolean reference) {
        return reference ? CompactLossReference.apply(z, y, lambda, reduction) : CompactLoss.apply(z, y, lambda, reduction);
    }

    /** d/dz of sum(weight * loss) (weight per row for NONE, a scalar otherwise) for a leaf copy of z. */
    private static Tensor gradient(Tensor z, Tensor y, double lambda, Reduction reduction, boolean reference) {
        Tensor leaf = leaf(z, reference);
        Tensor value = loss(leaf, y, lambda, reduction, reference);
        Tensor weight = torch.linspace(new Scalar(0.5), new Scalar(1.5), value.numel()).reshape(value.sizes());
        value.mul(weight.to(leaf.scalar_type())).sum().backward();
        return leaf.grad();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void forwardMatchesFloat64Reference(Case c) {
        Tensor z = logits(c.batch(), c.classes(), c.range()), y = targets(c.batch(), c.classes());
        Tensor fused = CompactLoss.apply(z, y, 0.5, c.reduction());
        assertEquals(c.reduction() == Reduction.NONE ? 1 : 0, fused.dim(), c + " loss dims");
        assertClose(fused, CompactLossReference.apply(z.to(torch.ScalarType.Double), y, 0.5, c.reduction()), c + " loss");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void gradientMatchesFloat64ReferenceAutograd(Case c) {
        Tensor z = logits(c.batch(), c.classes(), c.range()), y = targets(c.batch(), c.classes());
        assertClose(gradient(z, y, 0.5, c.reduction(), false), gradient(z, y, 0.5, c.reduction(), true), c + " dz");
    }

    @Test
    void minusInfinityIsAMaskedClassLeftOutOfTheUniform() {
        long batch = 6, classes = 9;
        Tensor z = logits(batch, classes, 3.0), y = targets(batch, classes);
        Tensor masked = torch.rand(batch, classes).lt(new Scalar(0.4));
        masked.scatter_(1, y.unsqueeze(1), new Scalar(0.0));                 // targets stay finite
        masked.select(0, 2).fill_(new Scalar(1.0)).select(0, y.select(0, 2).item_long()).fill_(new Scalar(0.0));
        z = z.masked_fill(masked, new Scalar(Double.NEGATIVE_INFINITY));   // row 2: only the target left
        Tensor fused = CompactLoss.apply(z, y, 0.8, Reduction.NONE);
        assertTrue(TensorAssertions.allFinite(fused), "finite loss with masked classes");
        assertClose(fused, CompactLossReference.apply(z.to(torch.ScalarType.Double), y, 0.8, Reduction.NONE), "loss");
        Tensor dz = gradient(z, y, 0.8, Reduction.NONE, false);
        assertClose(dz, gradient(z, y, 0.8, Reduction.NONE, true), "dz");
        assertEquals(0.0, dz.masked_select(masked).abs().sum().item_double(), "masked classes get no gradient");
    }

    @Test
    void maskedTargetGivesInfiniteLossAndFiniteGradient() {
        Tensor z = logits(3, 5, 2.0), y = targets(3, 5);
        z.select(0, 1).select(0, y.select(0, 1).item_long()).fill_(new Scalar(Double.NEGATIVE_INFINITY));
        Tensor fused = CompactLoss.apply(z, y, 0.5, Reduction.NONE);
        assertEquals(Double.POSITIVE_INFINITY, fused.select(0, 1).item_double());
        Tensor dz = gradient(z, y, 0.5, Reduction.NONE, false);
        assertTrue(TensorAssertions.allFinite(dz), "finite gradient");
        assertClose(dz, gradient(z, y, 0.5, Reduction.NONE, true), "dz");
    }

    @Test
    void lambdaZeroIsPlainCrossEntropy() {
        Tensor z = logits(40, 7, 5.0), y = targets(40, 7);
        Tensor crossEntropy = torch.nll_loss(torch.log_softmax(z.to(torch.ScalarType.Double), 1), y);
        assertClose(CompactLoss.apply(z, y, 0.0), crossEntropy, "compact loss with lambda 0");
    }

    @Test
    void stridedNonLeafLogitsGetTheReferenceGradient() {
        Tensor base = logits(11, 23, 3.0);  // [C, B] storage: the [B, C] logits are a transposed view
        Tensor y = targets(23, 11);
        Tensor[] grads = new Tensor[2];
        for (int pass = 0; pass < 2; pass++) {
            Tensor leaf = leaf(base, pass == 1);
            Tensor z = leaf.mul(new Scalar(0.5)).t();  // non-leaf, non-contiguous
            loss(z, y, 1.5, Reduction.SUM, pass == 1).backward();
            grads[pass] = leaf.grad();
        }
        assertClose(grads[0], grads[1], "d(base) through a transposed non-leaf view");
    }

    @Test
    void targetsMayBeAStridedView() {
        Tensor z = logits(9, 6, 2.0);
        Tensor y = torch.randint(6, new long[] {9, 2}).to(torch.ScalarType.Long).select(1, 1);  // stride 2
        assertClose(CompactLoss.apply(z, y, 0.5, Reduction.NONE),
                CompactLossReference.apply(z.to(torch.ScalarType.Double), y.contiguous(), 0.5, Reduction.NONE), "loss");
    }

    @Test
    void retainedGraphBacksUpTwiceAndAccumulates() {
        Tensor z = logits(4, 7, 2.0).requires_grad_(true), y = targets(4, 7);
        Tensor loss = CompactLoss.apply(z, y, 0.5);
        loss.backward(new Tensor(), new BoolOptional(true), false, new TensorArrayRefOptional());
        Tensor first = z.grad().clone();
        loss.backward(new Tensor(), new BoolOptional(true), false, new TensorArrayRefOptional());
        assertClose(z.grad(), first.mul(new Scalar(2)), "dz after two backward passes");
    }

    @Test
    void noGradLogitsGiveAPlainTensorAndNoBridgeState() {
        AutogradBridge.releaseFinished();
        int before = AutogradBridge.liveContexts();
        Tensor loss = CompactLoss.apply(logits(4, 7, 2.0), targets(4, 7), 0.5);
        assertFalse(loss.requires_grad());
        assertEquals(before, AutogradBridge.liveContexts());
    }

    @Test
    void badArgumentsNameTheArgumentAndValue() {
        Tensor z = logits(4, 7, 1.0), y = targets(4, 7);
        assertMessage("logits: expected 2 dims [B, C], got [7]", () -> CompactLoss.apply(z.select(0, 0), y, 0.5));
        assertMessage("targets: expected 1 dims [B], got [4, 1]", () -> CompactLoss.apply(z, y.unsqueeze(1), 0.5));
        assertMessage("logits: expected B >= 1 rows and C >= 2 classes, got [4, 1]",
                () -> CompactLoss.apply(z.narrow(1, 0, 1), y, 0.5));
        assertMessage("targets: expected B = 4 entries (the rows of logits), got 3",
                () -> CompactLoss.apply(z, y.narrow(0, 0, 3), 0.5));
        assertMessage("logits: expected dtype float32 or bfloat16 on the CPU (float16 runs on CUDA only), got float64",
                () -> CompactLoss.apply(z.to(torch.ScalarType.Double), y, 0.5));
        assertMessage("targets: expected dtype int64, got int32", () -> CompactLoss.apply(z, y.to(torch.ScalarType.Int), 0.5));
        assertMessage("lambda: expected a finite float, got NaN", () -> CompactLoss.apply(z, y, Double.NaN));
        assertMessage("reduction: expected NONE, MEAN or SUM, got null", () -> CompactLoss.apply(z, y, 0.5, null));
        assertMessage("logits: expected a defined tensor", () -> CompactLoss.apply(new Tensor(), y, 0.5));
        Tensor outOfRange = y.clone();
        outOfRange.select(0, 2).fill_(new Scalar(7));
        assertMessage("targets: expected class indices in [0, classes = 7), got 7 at row 2",
                () -> CompactLoss.apply(z, outOfRange, 0.5));
    }

    private static void assertMessage(String expected, Executable call) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, call);
        assertTrue(error.getMessage().contains(expected), "message \"" + error.getMessage() + "\" lacks \"" + expected + "\"");
    }
}
