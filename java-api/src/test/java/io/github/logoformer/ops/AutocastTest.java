package io.github.logoformer.ops;

import static io.github.logoformer.ops.CrossAttentionTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.abi.GlobalTokensConfig;
import io.github.logoformer.abi.Grid3;
import io.github.logoformer.abi.Reduction;
import io.github.logoformer.abi.WindowAttentionConfig;
import java.util.function.Function;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/**
 * Under CPU autocast every fused op follows the policy LibTorch gives the ops it replaces: its output has
 * the dtype of its reference composition's output under the same autocast, and the gradients reach the
 * float32 leaves in float32. And the scope restores the state it found and drops its cast cache.
 */
class AutocastTest {
    private static final torch.ScalarType FLOAT = torch.ScalarType.Float;

    @Test
    void windowAttentionRunsInTheAutocastDtypeLikeItsReference() {
        WindowAttentionConfig c = WindowAttentionConfig.of(Grid3.of(2, 3, 3), Grid3.of(1, 3, 3), 1, 8);
        long[] sizes = {2, c.tokens(), 2, 8};
        assertFollowsReference(in -> WindowAttention.apply(in[0], in[1], in[2], c),
                in -> WindowAttentionReference.apply(in[0], in[1], in[2], c), torch.ScalarType.BFloat16,
                torch.randn(sizes), torch.randn(sizes), torch.randn(sizes));
    }

    @Test
    void crossAttentionRunsInTheAutocastDtypeLikeItsReference() {
        assertFollowsReference(in -> CrossAttention.apply(in[0], in[1], in[2], 0.3),
                in -> CrossAttentionReference.apply(in[0], in[1], in[2], 0.3), torch.ScalarType.BFloat16,
                torch.randn(2, 11, 2, 8), torch.randn(2, 3, 2, 8), torch.randn(2, 3, 2, 8));
    }

    @Test
    void globalTokensRunInTheAutocastDtypeLikeConv3dAndLayerNorm() {
        GlobalTokensConfig c = GlobalTokensConfig.of(Grid3.of(2, 2, 4), Grid3.of(2, 1, 2));
        assertFollowsReference(in -> GlobalTokens.apply(in[0], in[1], in[2], in[3], in[4], c),
                in -> GlobalTokensReference.apply(in[0], in[1], in[2], in[3], in[4], c), torch.ScalarType.BFloat16,
                torch.randn(2, 16, 6), torch.randn(6, 1, 2, 1, 2), torch.randn(6), torch.randn(6), torch.randn(6));
    }

    @Test
    void compactLossRunsInFloat32LikeCrossEntropyFromBfloat16Logits() {
        Tensor targets = torch.randint(5, new long[] {4});
        Tensor lowPrecision = torch.randn(4, 5).to(torch.ScalarType.BFloat16);
        assertFollowsReference(in -> CompactLoss.apply(in[0], targets, 0.5, Reduction.NONE),
                in -> CompactLossReference.apply(in[0], targets, 0.5, Reduction.NONE), FLOAT, lowPrecision);
        try (Autocast.Scope on = Autocast.cpu(torch.ScalarType.BFloat16)) {
            assertEquals(FLOAT, torch.cross_entropy(lowPrecision, targets).scalar_type().intern(),
                    "the policy copied: LibTorch's autocast runs cross_entropy in float32");
        }
    }

    /**
     * Under bfloat16 autocast: fused and reference outputs have the same dtype (the expected one), and
     * the leaves' gradients have the leaves' dtype.
     */
    private static void assertFollowsReference(Function<Tensor[], Tensor> fused, Function<Tensor[], Tensor> reference,
            torch.ScalarType expected, Tensor... inputs) {
        for (Function<Tensor[], Tensor> op : java.util.List.of(fused, reference)) {
            Tensor[] leaves = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                leaves[i] = inputs[i].detach().requires_grad_(true);
            }
            Tensor out;
            try (Autocast.Scope on = Autocast.cpu(torch.ScalarType.BFloat16)) {
                out = op.apply(leaves);
            }
            assertEquals(expected, out.scalar_type().intern(), op == fused ? "fused output" : "reference output");
            out.to(FLOAT).sum().backward();
            for (int i = 0; i < leaves.length; i++) {
                assertEquals(leaves[i].scalar_type().intern(), leaves[i].grad().scalar_type().intern(), "gradient " + i);
                assertTrue(TensorAssertions.allFinite(leaves[i].grad()), "gradient " + i);
            }
        }
    }

    @Test
    void float32AndFloat64InputsOutsideAutocastAreLeftAlone() {
        Tensor x = torch.randn(3), y = torch.randn(3).to(torch.ScalarType.Double);
        assertTrue(Autocast.lowerPrecision(x)[0] == x && Autocast.float32(y)[0] == y);
        try (Autocast.Scope on = Autocast.cpu(torch.ScalarType.BFloat16)) {
            assertEquals(torch.ScalarType.Double, Autocast.lowerPrecision(y)[0].scalar_type().intern(),
                    "LibTorch's rule: float64 is never autocast");
        }
    }

    @Test
    void scopesNestAndRestoreTheStateTheyFound() {
        torch.DeviceType cpu = torch.DeviceType.CPU;
        assertFalse(torch.is_autocast_enabled(cpu));
        try (Autocast.Scope outer = Autocast.cpu(torch.ScalarType.BFloat16)) {
            assertTrue(torch.is_autocast_enabled(cpu));
            try (Autocast.Scope off = Autocast.cpu(null)) {
                assertFalse(torch.is_autocast_enabled(cpu));
                assertEquals(FLOAT, torch.matmul(torch.randn(2, 2), torch.randn(2, 2)).scalar_type().intern());
            }
            assertTrue(torch.is_autocast_enabled(cpu));
            assertEquals(torch.ScalarType.BFloat16, torch.get_autocast_dtype(cpu).intern());
        }
        assertFalse(torch.is_autocast_enabled(cpu));
        assertMessage("dtype: expected bfloat16 or float16 for CPU autocast (or null for off), got float32",
                () -> Autocast.cpu(FLOAT));
    }

    @Test
    void closingTheOutermostScopeDropsCachedCastsOfParameters() {
        Tensor parameter = torch.ones(4).requires_grad_(true);
        try (Autocast.Scope on = Autocast.cpu(torch.ScalarType.BFloat16)) {
            Tensor first = Autocast.lowerPrecision(parameter)[0];
            assertEquals(first.data_ptr().address(), Autocast.lowerPrecision(parameter)[0].data_ptr().address(),
                    "cast once per scope");
        }
        try (NoGradGuard guard = new NoGradGuard()) {
            parameter.add_(new Scalar(1));  // an optimiser step
        }
        try (Autocast.Scope on = Autocast.cpu(torch.ScalarType.BFloat16)) {
            assertEquals(8.0, Autocast.lowerPrecision(parameter)[0].sum().item_double(), "the new scope casts the new values");
        }
    }
}
