package io.github.logoformer.ops;

import static io.github.logoformer.ops.TensorAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.ResidentMemory;
import io.github.logoformer.abi.Grid3;
import io.github.logoformer.abi.WindowAttentionConfig;
import io.github.logoformer.autograd.AutogradBridge;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused window attention against {@link WindowAttentionReference}: forward in float32 vs the
 * reference in float64, gradients of q, k, v through LibTorch autograd, and argument errors.
 */
class WindowAttentionTest {
    record Case(String name, long batch, long heads, long dim, Grid3 grid, Grid3 window, long leadingTokens) {
        WindowAttentionConfig config() {
            return WindowAttentionConfig.of(grid, window, leadingTokens, dim);
        }

        long[] sizes() {
            return new long[] {batch, leadingTokens + grid.volume(), heads, dim};
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> oddShapes() {
        return Stream.of(
                new Case("window 1x1x1, G=0", 2, 2, 8, Grid3.of(2, 3, 3), Grid3.of(1, 1, 1), 0),
                new Case("window = grid (joint), G=1", 1, 3, 24, Grid3.of(3, 5, 7), Grid3.of(3, 5, 7), 1),
                new Case("non-cubic grid, D=17, G=1", 2, 2, 17, Grid3.of(4, 6, 10), Grid3.of(2, 3, 5), 1),
                new Case("temporal only, G=2", 1, 2, 20, Grid3.of(4, 3, 5), Grid3.of(4, 1, 1), 2),
                new Case("design window 2x7x7, G=1", 1, 2, 64, Grid3.of(16, 7, 7), Grid3.of(2, 7, 7), 1));
    }

    @BeforeAll
    static void seed() {
        torch.manual_seed(7);
    }

    static Tensor random(long[] sizes) {
        return torch.randn(sizes).mul_(new org.bytedeco.pytorch.Scalar(1.5));
    }

    @ParameterizedTest
    @MethodSource("oddShapes")
    void forwardMatchesFloat64ReferenceOnOddShapes(Case c) {
        Tensor q = random(c.sizes()), k = random(c.sizes()), v = random(c.sizes());
        Tensor fused = WindowAttention.apply(q, k, v, c.config());
        Tensor reference = WindowAttentionReference.apply(
                q.to(torch.ScalarType.Double), k.to(torch.ScalarType.Double), v.to(torch.ScalarType.Double), c.config());
        assertClose(fused, reference, c + " out");
    }

    @ParameterizedTest
    @MethodSource("oddShapes")
    void gradientsOfQKVMatchFloat64Reference(Case c) {
        Tensor q = random(c.sizes()), k = random(c.sizes()), v = random(c.sizes()), weight = random(c.sizes());
        List<Tensor> fused = gradients(q, k, v, weight, c.config(), false);
        List<Tensor> reference = gradients(q, k, v, weight, c.config(), true);
        for (int i = 0; i < 3; i++) {
            assertClose(fused.get(i), reference.get(i), c + " d" + "qkv".charAt(i));
        }
    }

    /** A fresh leaf with x's values in the given type (never x itself, which other passes reuse). */
    private static Tensor leaf(Tensor x, torch.ScalarType type) {
        return x.detach().to(type).requires_grad_(true);
    }

    /** Gradients of sum(weight * attention(q, k, v)) for leaf copies of q, k, v. */
    private static List<Tensor> gradients(Tensor q, Tensor k, Tensor v, Tensor weight, WindowAttentionConfig c,
            boolean reference) {
        torch.ScalarType type = reference ? torch.ScalarType.Double : torch.ScalarType.Float;
        Tensor ql = leaf(q, type), kl = leaf(k, type), vl = leaf(v, type);
        Tensor out = reference ? WindowAttentionReference.apply(ql, kl, vl, c) : WindowAttention.apply(ql, kl, vl, c);
        out.mul(weight.to(type)).sum().backward();
        return List.of(ql.grad(), kl.grad(), vl.grad());
    }

    @Test
    void packedQkvViewsAndNonLeafInputsGetTheReferenceGradients() {
        Case c = new Case("packed", 2, 2, 12, Grid3.of(4, 3, 3), Grid3.of(2, 3, 3), 1);
        long tokens = c.sizes()[1];
        Tensor base = random(new long[] {2, tokens, 3, 2, 12});
        Tensor weight = random(c.sizes());
        Tensor[] grads = new Tensor[2];
        for (int pass = 0; pass < 2; pass++) {
            boolean reference = pass == 1;
            Tensor leaf = leaf(base, reference ? torch.ScalarType.Double : torch.ScalarType.Float);
            Tensor qkv = leaf.mul(new org.bytedeco.pytorch.Scalar(0.5));  // non-leaf
            Tensor q = qkv.select(2, 0), k = qkv.select(2, 1), v = qkv.select(2, 2);
            Tensor out = reference ? WindowAttentionReference.apply(q, k, v, c.config())
                    : WindowAttention.apply(q, k, v, c.config());
            out.mul(weight.to(leaf.scalar_type())).sum().backward();
            grads[pass] = leaf.grad();
        }
        assertClose(grads[0], grads[1], "d(packed qkv)");
    }

    @Test
    void inputUsedAsQueryKeyAndValueAccumulatesAllThree() {
        Case c = new Case("shared", 1, 2, 8, Grid3.of(2, 2, 4), Grid3.of(1, 2, 2), 1);
        Tensor x = random(c.sizes());
        Tensor[] grads = new Tensor[2];
        for (int pass = 0; pass < 2; pass++) {
            boolean reference = pass == 1;
            Tensor leaf = leaf(x, reference ? torch.ScalarType.Double : torch.ScalarType.Float);
            Tensor out = reference ? WindowAttentionReference.apply(leaf, leaf, leaf, c.config())
                    : WindowAttention.apply(leaf, leaf, leaf, c.config());
            out.pow(new org.bytedeco.pytorch.Scalar(2)).sum().backward();
            grads[pass] = leaf.grad();
        }
        assertClose(grads[0], grads[1], "d(x) with x as q, k and v");
    }

    @Test
    void nonFiniteInputPoisonsOnlyItsOwnWindow() {
        Case c = new Case("nan", 1, 1, 4, Grid3.of(2, 2, 2), Grid3.of(1, 2, 2), 0);
        Tensor q = random(c.sizes()), k = random(c.sizes()), v = random(c.sizes());
        v.select(1, 0).fill_(new org.bytedeco.pytorch.Scalar(Double.NaN));  // tokens 0, 1: window 0
        v.select(1, 1).fill_(new org.bytedeco.pytorch.Scalar(Double.POSITIVE_INFINITY));
        Tensor ql = q.requires_grad_(true), kl = k.requires_grad_(true), vl = v.requires_grad_(true);
        Tensor out = WindowAttention.apply(ql, kl, vl, c.config());
        Tensor secondWindow = out.narrow(1, 4, 4);
        assertFalse(TensorAssertions.allFinite(out.narrow(1, 0, 4)), "window 0 output is not finite");
        assertTrue(TensorAssertions.allFinite(secondWindow), "window 1 output stays finite");
        secondWindow.sum().backward();
        assertTrue(TensorAssertions.allFinite(ql.grad().narrow(1, 4, 4)), "window 1 dq finite");
        assertTrue(TensorAssertions.allFinite(kl.grad().narrow(1, 4, 4)), "window 1 dk finite");
        assertTrue(TensorAssertions.allFinite(vl.grad()), "dv finite: window 0 rows got a zero gradient");
    }

    @Test
    void retainedGraphBacksUpTwiceAndAccumulates() {
        Case c = new Case("retain", 1, 2, 8, Grid3.of(2, 2, 2), Grid3.of(2, 1, 2), 1);
        Tensor q = random(c.sizes()).requires_grad_(true), k = random(c.sizes()), v = random(c.sizes());
        Tensor loss = WindowAttention.apply(q, k, v, c.config()).sum();
        loss.backward(new Tensor(), new org.bytedeco.pytorch.BoolOptional(true), false, new org.bytedeco.pytorch.TensorArrayRefOptional());
        Tensor first = q.grad().clone();
        loss.backward(new Tensor(), new org.bytedeco.pytorch.BoolOptional(true), false, new org.bytedeco.pytorch.TensorArrayRefOptional());
        assertClose(q.grad(), first.mul(new org.bytedeco.pytorch.Scalar(2)), "dq after two backward passes");
    }

    @Test
    void secondBackwardWithoutRetainedGraphFailsWithLibTorchsError() {
        Case c = new Case("twice", 1, 1, 4, Grid3.of(1, 2, 2), Grid3.of(1, 2, 2), 0);
        Tensor q = random(c.sizes()).requires_grad_(true);
        Tensor loss = WindowAttention.apply(q, random(c.sizes()), random(c.sizes()), c.config()).sum();
        loss.backward();
        RuntimeException error = assertThrows(RuntimeException.class, loss::backward);
        assertTrue(error.getMessage().contains("second time"), error.getMessage());
    }

    @Test
    void noGradInputsGiveAPlainTensorAndNoBridgeState() {
        Case c = new Case("nograd", 1, 1, 4, Grid3.of(1, 2, 2), Grid3.of(1, 2, 2), 0);
        AutogradBridge.releaseFinished();
        int before = AutogradBridge.liveContexts();
        Tensor out = WindowAttention.apply(random(c.sizes()), random(c.sizes()), random(c.sizes()), c.config());
        assertFalse(out.requires_grad());
        assertEquals(before, AutogradBridge.liveContexts());
    }

    @Test
    void manyIterationsKeepBridgeStateAndMemoryFlat() {
        Case c = new Case("soak", 1, 2, 8, Grid3.of(2, 2, 2), Grid3.of(1, 2, 2), 1);
        Tensor q = random(c.sizes()).requires_grad_(true), k = random(c.sizes()), v = random(c.sizes());
        long[] rss = new long[4];
        int iterations = 10_000;
        for (int i = 0; i < iterations; i++) {
            try (org.bytedeco.javacpp.PointerScope scope = new org.bytedeco.javacpp.PointerScope()) {
                WindowAttention.apply(q, k, v, c.config()).sum().backward();
            }
            if ((i + 1) % (iterations / 4) == 0) {
                rss[(i + 1) / (iterations / 4) - 1] = ResidentMemory.kilobytesAfterGc();
            }
        }
        AutogradBridge.releaseFinished();
        assertTrue(AutogradBridge.liveContexts() <= 16, "live contexts: " + AutogradBridge.liveContexts());
        assertTrue(rss[3] - rss[1] < 32 * 1024, "RSS grew from " + rss[1] + " kB to " + rss[3] + " kB");
    }

    @Test
    void badArgumentsNameTheArgumentAndValue() {
        Case c = new Case("errors", 1, 2, 4, Grid3.of(2, 2, 2), Grid3.of(1, 2, 2), 1);
        Tensor good = random(c.sizes());
        WindowAttentionConfig config = c.config();
        assertMessage("q: expected 4 dims [B, T, heads, D], got [9, 2, 4]",
                () -> WindowAttention.apply(good.select(0, 0), good, good, config));
        assertMessage("k: expected the sizes of q [1, 9, 2, 4], got [1, 9, 2, 3]",
                () -> WindowAttention.apply(good, good.narrow(3, 0, 3), good, config));
        assertMessage("q: expected T = leadingTokens + grid volume = 0 + 8 = 8 tokens in dim 1, got 9",
                () -> WindowAttention.apply(good, good, good,
                        WindowAttentionConfig.of(Grid3.of(2, 2, 2), Grid3.of(1, 2, 2), 0, 4)));
        assertMessage("v: expected dtype float32 like the op's first input, got float64",
                () -> WindowAttention.apply(good, good, good.to(torch.ScalarType.Double), config));
        assertMessage("q: expected a defined tensor", () -> WindowAttention.apply(new Tensor(), good, good, config));
        assertMessage("window: expected sizes dividing the grid 2x2x2, got 1x2x3",
                () -> WindowAttentionConfig.of(Grid3.of(2, 2, 2), Grid3.of(1, 2, 3), 0, 4));
        assertMessage("leadingTokens: expected >= 0 and leadingTokens + grid volume (8) to fit in int64, got -1",
                () -> WindowAttentionConfig.of(Grid3.of(2, 2, 2), Grid3.of(1, 2, 2), -1, 4));
        assertMessage("Grid3: expected all sizes >= 1, got 0x2x2", () -> Grid3.of(0, 2, 2));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, call);
        assertTrue(error.getMessage().contains(expected), "message \"" + error.getMessage() + "\" lacks \"" + expected + "\"");
    }

    @Test
    void expandedGradientWithZeroStridesIsAccepted() {
        Case c = new Case("expand", 1, 1, 4, Grid3.of(1, 2, 2), Grid3.of(1, 2, 2), 0);
        Tensor q = random(c.sizes()).requires_grad_(true);
        // sum() hands the op an expanded gradient (all strides 0)
        WindowAttention.apply(q, q, q, c.config()).sum().backward();
        Tensor ref = q.detach().to(torch.ScalarType.Double).requires_grad_(true);
        WindowAttentionReference.apply(ref, ref, ref, c.config()).sum().backward();
        assertClose(q.grad(), ref.grad(), "dq from an expanded gradient");
    }

}
