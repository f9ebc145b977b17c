package io.github.logoformer.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * DESIGN.md 8's rule for half precision, for one op: its bfloat16 output and the gradient of every
 * input are compared with the float64 reference computed from the same bfloat16-rounded inputs (and the
 * same bfloat16-rounded upstream gradient), and each error must be within 2x the error of the same
 * LibTorch reference computed in bfloat16 (eager LibTorch: bfloat16 matmul outputs, softmax, sums).
 *
 * <p>Errors are relative and measured in two norms, both checked: RMS, ||got - want||_2 / ||want||_2,
 * and max, max|got - want| / max|want|. The RMS norm is the stable one on small tensors; the max norm
 * catches a few elements gone badly wrong. Give each compared tensor some hundred elements: on a handful
 * the norms are the luck of a few roundings (two bfloat16 results equally good can differ 2x there).
 */
final class Bfloat16Check {
    private Bfloat16Check() {}

    /**
     * Runs {@code fused} on bfloat16 leaves and {@code reference} on bfloat16 and on float64 leaves with
     * the values of {@code inputs} rounded to bfloat16, backpropagates one random upstream gradient
     * through each, and checks the output and every leaf's gradient.
     *
     * @param inputs float32 tensors, one leaf each; the functions build any views (strides) themselves
     */
    static void assertWithinTwiceReference(String what, Function<Tensor[], Tensor> fused,
            Function<Tensor[], Tensor> reference, Tensor... inputs) {
        Run got = Run.of(fused, inputs, torch.ScalarType.BFloat16, null);
        Run oracle = Run.of(reference, inputs, torch.ScalarType.Double, got.upstream);
        Run baseline = Run.of(reference, inputs, torch.ScalarType.BFloat16, got.upstream);
        assertWithin(what + " output", got.output, baseline.output, oracle.output);
        for (int i = 0; i < inputs.length; i++) {
            String name = what + " gradient of input " + i;
            if (oracle.gradients[i].abs().max().item_double() == 0) {
                assertRoundingNoise(name, got.gradients[i], got.upstream);
            } else {
                assertWithin(name, got.gradients[i], baseline.gradients[i], oracle.gradients[i]);
            }
        }
    }

    /** The output and leaf gradients of one function on leaves of one dtype. */
    private record Run(Tensor output, Tensor[] gradients, Tensor upstream) {
        static Run of(Function<Tensor[], Tensor> op, Tensor[] inputs, torch.ScalarType type, Tensor upstream) {
            Tensor[] leaves = new Tensor[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                leaves[i] = inputs[i].to(torch.ScalarType.BFloat16).to(type).detach().requires_grad_(true);
            }
            Tensor out = op.apply(leaves);
            Tensor gradOut = upstream != null ? upstream
                    : torch.randn(TensorChecks.sizes(out)).to(torch.ScalarType.BFloat16).to(torch.ScalarType.Float);
            out.mul(gradOut.to(out.scalar_type().intern())).sum().backward();
            Tensor[] gradients = new Tensor[leaves.length];
            for (int i = 0; i < leaves.length; i++) {
                gradients[i] = leaves[i].grad();
                assertTrue(gradients[i].defined(), "input " + i + " got no gradient");
            }
            return new Run(out.detach(), gradients, gradOut);
        }
    }

    private static void assertWithin(String what, Tensor got, Tensor baseline, Tensor oracle) {
        double rms = rmsError(got, oracle), rmsBound = 2 * rmsError(baseline, oracle);
        double max = TensorAssertions.relativeError(got, oracle), maxBound = 2 * TensorAssertions.relativeError(baseline, oracle);
        assertTrue(rms <= rmsBound, what + ": RMS error " + rms + " > 2x the bfloat16 reference's (" + rmsBound + ")");
        assertTrue(max <= maxBound, what + ": max error " + max + " > 2x the bfloat16 reference's (" + maxBound + ")");
    }

    /**
     * An exactly zero gradient (q's, for windows of one key: the softmax is 1) has no relative error, and the
     * bfloat16 reference's zero is exact by cancellation; a kernel that recomputes P = exp(s - lse) keeps
     * rounding noise there, held to one bfloat16 rounding (2^-8) of the upstream gradient's norm.
     */
    private static void assertRoundingNoise(String what, Tensor got, Tensor upstream) {
        double noise = got.to(torch.ScalarType.Double).norm().item_double();
        double bound = upstream.to(torch.ScalarType.Double).norm().item_double() / 256;
        assertTrue(noise <= bound, what + ": norm " + noise + " where the reference is 0 > 2^-8 of the upstream's (" + bound + ")");
    }

    /** ||got - want||_2 / ||want||_2, in float64. */
    static double rmsError(Tensor got, Tensor want) {
        Tensor g = got.to(torch.ScalarType.Double), w = want.to(torch.ScalarType.Double);
        double scale = w.norm().item_double();
        double error = g.sub(w).norm().item_double();
        return scale == 0 ? error : error / scale;
    }
}
