package io.github.logoformer.ops;

import static io.github.logoformer.ops.TensorAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The fused cross attention against {@link CrossAttentionReference}, in float64, forward and gradients. */
class CrossAttentionTest {
    record Case(String name, long batch, long heads, long dim, long queries, long keys) {
        long[] querySizes() {
            return new long[] {batch, queries, heads, dim};
        }

        long[] keySizes() {
            return new long[] {batch, keys, heads, dim};
        }

        double scale() {
            return 1 / Math.sqrt(dim);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> shapes() {
        return Stream.of(
                new Case("one key", 2, 3, 5, 7, 1),
                new Case("queries across blocks, odd D", 1, 2, 17, 257, 9),
                new Case("logoformer: 785 tokens over 8 pooled + CLS", 1, 2, 64, 785, 9));
    }

    @BeforeAll
    static void seed() {
        torch.manual_seed(11);
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void forwardAndGradientsMatchFloat64Reference(Case c) {
        Tensor q = torch.randn(c.querySizes()), k = torch.randn(c.keySizes()), v = torch.randn(c.keySizes());
        Tensor weight = torch.randn(c.querySizes());
        Tensor[][] grads = new Tensor[2][];
        Tensor[] outs = new Tensor[2];
        for (int pass = 0; pass < 2; pass++) {
            boolean reference = pass == 1;
            torch.ScalarType type = reference ? torch.ScalarType.Double : torch.ScalarType.Float;
            Tensor ql = q.detach().to(type).requires_grad_(true), kl = k.detach().to(type).requires_grad_(true),
                    vl = v.detach().to(type).requires_grad_(true);
            outs[pass] = reference ? CrossAttentionReference.apply(ql, kl, vl, c.scale())
                    : CrossAttention.apply(ql, kl, vl, c.scale());
            outs[pass].mul(weight.to(type)).sum().backward();
            grads[pass] = new Tensor[] {ql.grad(), kl.grad(), vl.grad()};
        }
        assertClose(outs[0], outs[1], c + " out");
        for (int i = 0; i < 3; i++) {
            assertClose(grads[0][i], grads[1][i], c + " d" + "qkv".charAt(i));
        }
    }

    @Test
    void keysThatAreViewsOfAPackedProjectionGetTheirGradients() {
        Case c = new Case("packed", 2, 2, 8, 10, 4);
        Tensor base = torch.randn(2, 4, 2, 2, 8);
        Tensor q = torch.randn(c.querySizes());
        Tensor[] grads = new Tensor[2];
        for (int pass = 0; pass < 2; pass++) {
            torch.ScalarType type = pass == 1 ? torch.ScalarType.Double : torch.ScalarType.Float;
            Tensor kv = base.detach().to(type).requires_grad_(true);
            Tensor qt = q.to(type);
            Tensor out = pass == 1 ? CrossAttentionReference.apply(qt, kv.select(2, 0), kv.select(2, 1), c.scale())
                    : CrossAttention.apply(qt, kv.select(2, 0), kv.select(2, 1), c.scale());
            out.pow(new Scalar(2)).sum().backward();
            grads[pass] = kv.grad();
        }
        assertClose(grads[0], grads[1], "d(packed kv)");
    }

    @Test
    void badArgumentsNameTheArgumentAndValue() {
        Tensor q = torch.randn(1, 4, 2, 8), k = torch.randn(1, 3, 2, 8);
        assertMessage("k: expected [B, Nk, heads, D] with B, heads, D of q [1, 4, 2, 8], got [1, 3, 2, 7]",
                () -> CrossAttention.apply(q, k.narrow(3, 0, 7), k.narrow(3, 0, 7), 0.5));
        assertMessage("v: expected the sizes of k [1, 3, 2, 8], got [1, 2, 2, 8]",
                () -> CrossAttention.apply(q, k, k.narrow(1, 0, 2), 0.5));
        assertMessage("scale: expected a finite float, got NaN", () -> CrossAttention.apply(q, k, k, Double.NaN));
        assertMessage("q: expected dtype float32 or bfloat16 on the CPU (float16 runs on CUDA only), got float64",
                () -> CrossAttention.apply(q.to(torch.ScalarType.Double), k, k, 0.5));
    }

    static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, call);
        assertTrue(error.getMessage().contains(expected), "message \"" + error.getMessage() + "\" lacks \"" + expected + "\"");
    }
}
