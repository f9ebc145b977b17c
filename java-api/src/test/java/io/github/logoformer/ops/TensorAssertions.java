package io.github.logoformer.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** Comparisons the op tests share, with the tolerance of DESIGN.md 8 (fp32 vs fp64, relative). */
final class TensorAssertions {
    static final double FP32_TOLERANCE = 1e-5;

    private TensorAssertions() {}

    /** max |got - want| / max |want|, computed in float64. */
    static double relativeError(Tensor got, Tensor want) {
        Tensor g = got.to(torch.ScalarType.Double), w = want.to(torch.ScalarType.Double);
        double scale = w.abs().max().item_double();
        double error = g.sub(w).abs().max().item_double();
        return scale == 0 ? error : error / scale;
    }

    static void assertClose(Tensor got, Tensor want, String what) {
        double error = relativeError(got, want);
        assertTrue(error <= FP32_TOLERANCE, what + ": relative error " + error + " > " + FP32_TOLERANCE);
    }

    static boolean allFinite(Tensor t) {
        return torch.isfinite(t).all().item_bool();
    }
}
