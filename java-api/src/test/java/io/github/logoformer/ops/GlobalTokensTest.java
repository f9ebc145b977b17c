package io.github.logoformer.ops;

import static io.github.logoformer.ops.CrossAttentionTest.assertMessage;
import static io.github.logoformer.ops.TensorAssertions.assertClose;

import io.github.logoformer.abi.GlobalTokensConfig;
import io.github.logoformer.abi.Grid3;
import java.util.stream.Stream;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused global tokens against {@link GlobalTokensReference} (conv3d with groups + layer_norm) in
 * float64: forward, and gradients of x, weight, bias, gamma and beta.
 */
class GlobalTokensTest {
    record Case(String name, long batch, long channels, Grid3 grid, Grid3 pool) {
        GlobalTokensConfig config() {
            return GlobalTokensConfig.of(grid, pool);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> shapes() {
        return Stream.of(
                new Case("pool 1x1x1", 2, 7, Grid3.of(2, 3, 3), Grid3.of(1, 1, 1)),
                new Case("pool = grid", 2, 9, Grid3.of(2, 3, 5), Grid3.of(2, 3, 5)),
                new Case("non-cubic, C=33", 1, 33, Grid3.of(4, 6, 10), Grid3.of(2, 3, 5)),
                new Case("design pool 2x7x7", 1, 64, Grid3.of(16, 7, 7), Grid3.of(2, 7, 7)));
    }

    @BeforeAll
    static void seed() {
        torch.manual_seed(5);
    }

    @ParameterizedTest
    @MethodSource("shapes")
    void forwardAndEveryGradientMatchFloat64Reference(Case c) {
        Grid3 p = c.pool();
        // x is a view past a CLS row of a [B, 1 + N, C] tensor, as the model passes it.
        Tensor tokens = torch.randn(c.batch(), 1 + c.grid().volume(), c.channels());
        Tensor[] parameters = {torch.randn(c.channels(), 1, p.frames(), p.height(), p.width()),
                torch.randn(c.channels()), torch.randn(c.channels()).add_(new org.bytedeco.pytorch.Scalar(1)),
                torch.randn(c.channels())};
        Tensor weight = torch.randn(c.batch(), c.config().pooledTokens(), c.channels());
        Tensor[][] grads = new Tensor[2][];
        Tensor[] outs = new Tensor[2];
        for (int pass = 0; pass < 2; pass++) {
            boolean reference = pass == 1;
            torch.ScalarType type = reference ? torch.ScalarType.Double : torch.ScalarType.Float;
            Tensor[] leaves = new Tensor[5];
            leaves[0] = tokens.detach().to(type).requires_grad_(true);
            for (int i = 0; i < 4; i++) {
                leaves[i + 1] = parameters[i].detach().to(type).requires_grad_(true);
            }
            Tensor x = leaves[0].narrow(1, 1, c.grid().volume());
            outs[pass] = reference
                    ? GlobalTokensReference.apply(x, leaves[1], leaves[2], leaves[3], leaves[4], c.config())
                    : GlobalTokens.apply(x, leaves[1], leaves[2], leaves[3], leaves[4], c.config());
            outs[pass].mul(weight.to(type)).sum().backward();
            grads[pass] = new Tensor[5];
            for (int i = 0; i < 5; i++) {
                grads[pass][i] = leaves[i].grad();
            }
        }
        assertClose(outs[0], outs[1], c + " out");
        String[] names = {"x", "weight", "bias", "gamma", "beta"};
        for (int i = 0; i < 5; i++) {
            assertClose(grads[0][i], grads[1][i], c + " d" + names[i]);
        }
    }

    @Test
    void badArgumentsNameTheArgumentAndValue() {
        GlobalTokensConfig config = GlobalTokensConfig.of(Grid3.of(2, 2, 2), Grid3.of(1, 2, 2));
        Tensor x = torch.randn(1, 8, 4), w = torch.randn(4, 1, 1, 2, 2), c = torch.randn(4);
        assertMessage("pool: expected sizes dividing the grid 2x2x2, got 1x2x3",
                () -> GlobalTokensConfig.of(Grid3.of(2, 2, 2), Grid3.of(1, 2, 3)));
        assertMessage("eps: expected > 0, got 0.0",
                () -> new GlobalTokensConfig(Grid3.of(2, 2, 2), Grid3.of(1, 2, 2), 0));
        assertMessage("x: expected 8 grid tokens (2x2x2) in dim 1, got 7",
                () -> GlobalTokens.apply(x.narrow(1, 0, 7), w, c, c, c, config));
        assertMessage("weight: expected the sizes of [C, 1, pf, ph, pw] [4, 1, 1, 2, 2], got [4, 1, 2, 2, 2]",
                () -> GlobalTokens.apply(x, torch.randn(4, 1, 2, 2, 2), c, c, c, config));
        assertMessage("gamma: expected the sizes of [C] [4], got [3]",
                () -> GlobalTokens.apply(x, w, c, c.narrow(0, 0, 3), c, config));
        assertMessage("beta: expected a defined tensor", () -> GlobalTokens.apply(x, w, c, c, new Tensor(), config));
    }
}
