package io.github.logoformer.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.nn.TinyModels.Kind;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fused models in bfloat16 against the reference models in bfloat16: under CPU autocast (float32
 * parameters, {@link Precision#BF16}) and with the parameters themselves cast to bfloat16 (no autocast).
 *
 * <p>Tolerance: the fused and reference models differ only in the project's four ops, and in bfloat16
 * both are far from exact, so neither is the other's oracle. Both are compared with the float64 reference
 * model on the same weights and clips (the oracle), and the fused model's error in logits, loss and the
 * gradient of every parameter must be within 2x the reference model's own error (DESIGN.md 8, the rule of
 * the op tests, applied to the whole network) plus {@link #ALLOWANCE}; so the two models are within 3x the
 * reference's error (plus the allowance) of each other. Why this form:
 * <ul>
 *   <li>the errors are relative RMS norms, ||got - oracle||_2 / ||oracle||_2: every tensor here is the end
 *       of long chains of bfloat16 roundings, so two equally good models differ most in single elements,
 *       and the max norm of one element out of a thousand swung 2.7x between them (a spatial projection's
 *       weight gradient) while the RMS norm moved 1.2x;
 *   <li>the allowance, four roundings at 8 significant bits (4 x 2^-9 = 0.8%), covers tensors of a few
 *       elements (the loss, a 5-class head's bias), where the reference's error is itself the luck of a
 *       few roundings.
 * </ul>
 * Measured over 8 cases (784 tensors; cast to bfloat16 in eval mode too): the fused/reference ratio of the RMS errors has a median of
 * 1.00; the largest error used 69% of its bound (the reference's errors are 0.3-5%). Small wiring errors
 * hide in bfloat16's noise: {@link ModelParityTest} catches those in float32, where a 0.1% change of one
 * attention scale fails. Dropout and drop-path are 0, so training mode is deterministic.
 */
class ModelBfloat16Test {
    /** Four bfloat16 roundings (4 x 2^-9), added to the bound. */
    static final double ALLOWANCE = 4 * 0x1p-9;

    @ParameterizedTest(name = "{0}, training={1}")
    @MethodSource("io.github.logoformer.nn.ModelParityTest#cases")
    void fusedUnderAutocastMatchesReferenceUnderAutocastInLogitsLossAndEveryGradient(Kind kind, boolean training) {
        ModelConfig fusedConfig = TinyModels.config().build();
        ModelConfig referenceConfig = fusedConfig.withOps(OpsMode.REFERENCE);
        ClipClassifier fused = kind.build(fusedConfig, 5);
        ClipClassifier reference = kind.build(referenceConfig, 5);
        ClipClassifier oracle = kind.build(referenceConfig, 5);
        oracle.to(torch.ScalarType.Double, false);
        torch.manual_seed(6);
        Tensor clips = TinyModels.clips(2, fusedConfig);
        Tensor targets = TinyModels.targets(2, fusedConfig);

        List<Tensor> want = ModelParityTest.run(oracle, clips.to(torch.ScalarType.Double), targets, training, Precision.FP32);
        List<Tensor> baseline = ModelParityTest.run(reference, clips, targets, training, Precision.BF16);
        List<Tensor> got = ModelParityTest.run(fused, clips, targets, training, Precision.BF16);
        assertFloat32Gradients(fused);
        assertWithinTwiceReference(kind + " under autocast", fused, got, baseline, want);
    }

    /** In training mode only: eval mode differs by the batch norm's statistics, covered under autocast. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void fusedBfloat16ModelMatchesReferenceBfloat16Model(Kind kind) {
        boolean training = true;
        ModelConfig fusedConfig = TinyModels.config().build();
        ModelConfig referenceConfig = fusedConfig.withOps(OpsMode.REFERENCE);
        ClipClassifier fused = kind.build(fusedConfig, 5);
        ClipClassifier reference = kind.build(referenceConfig, 5);
        ClipClassifier oracle = kind.build(referenceConfig, 5);
        fused.to(torch.ScalarType.BFloat16, false);
        reference.to(torch.ScalarType.BFloat16, false);
        // The oracle starts from the same bfloat16-rounded weights.
        oracle.to(torch.ScalarType.BFloat16, false);
        oracle.to(torch.ScalarType.Double, false);
        torch.manual_seed(6);
        Tensor clips = TinyModels.clips(2, fusedConfig).to(torch.ScalarType.BFloat16);
        Tensor targets = TinyModels.targets(2, fusedConfig);

        List<Tensor> want = ModelParityTest.run(oracle, clips.to(torch.ScalarType.Double), targets, training, Precision.FP32);
        List<Tensor> baseline = ModelParityTest.run(reference, clips, targets, training, Precision.FP32);
        List<Tensor> got = ModelParityTest.run(fused, clips, targets, training, Precision.FP32);
        assertEquals(torch.ScalarType.BFloat16, got.get(0).scalar_type().intern(), "logits of a bfloat16 model");
        assertWithinTwiceReference(kind + " cast to bfloat16", fused, got, baseline, want);
    }

    /** ||got - want||_2 / ||want||_2, in float64. */
    static double rmsError(Tensor got, Tensor want) {
        Tensor g = got.to(torch.ScalarType.Double), w = want.to(torch.ScalarType.Double);
        double scale = w.norm().item_double();
        double error = g.sub(w).norm().item_double();
        return scale == 0 ? error : error / scale;
    }

    private static void assertFloat32Gradients(ClipClassifier model) {
        TensorVector parameters = model.parameters();
        for (long i = 0; i < parameters.size(); i++) {
            assertEquals(torch.ScalarType.Float, parameters.get(i).grad().scalar_type().intern(), "gradient " + i);
        }
    }

    private static void assertWithinTwiceReference(String what, ClipClassifier model, List<Tensor> got,
            List<Tensor> baseline, List<Tensor> want) {
        var names = model.named_parameters().keys();
        for (int i = 0; i < want.size(); i++) {
            String name = i == 0 ? "logits" : i == 1 ? "loss" : "grad " + names.get(i - 2).getString();
            double error = rmsError(got.get(i), want.get(i));
            double tolerance = 2 * rmsError(baseline.get(i), want.get(i)) + ALLOWANCE;
            assertTrue(error <= tolerance, what + " " + name + ": RMS error " + error + " > " + tolerance);
        }
    }
}
