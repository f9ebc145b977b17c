package io.github.logoformer.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.nn.OpsMode;
import io.github.logoformer.nn.TrunkStage;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GradCamTest {
    @Test
    void oneNonNegativeMapPerFrameAtLayer3ResolutionForThePredictedClass() {
        ClipClassifier model = ExplainModels.logoFormer(OpsMode.FUSED, 3);
        Tensor clip = ExplainModels.clip(4);
        GradCam cam = GradCam.of(model, clip);
        assertArrayEquals(new long[] {4, 3, 3}, cam.maps().sizes().vec().get());
        assertTrue(cam.maps().min().item_double() >= 0);
        assertTrue(cam.maps().max().item_double() > 0, "a random model's map is not all zero");
        assertEquals(1, cam.frameImportance().sum().item_double(), 1e-5);
        float[] p = Explanation.floats(cam.probabilities());
        assertEquals(5, p.length);
        try (NoGradGuard guard = new NoGradGuard()) {
            assertEquals(model.forward(clip).argmax().item_long(), cam.target());
            assertArrayEquals(Explanation.floats(torch.softmax(model.forward(clip).select(0, 0), 0)), p, 1e-6f);
        }
        TensorVector parameters = model.parameters();  // held: get(i) is a reference into the vector
        for (long i = 0; i < parameters.size(); i++) {
            assertTrue(!parameters.get(i).grad().defined(), "Grad-CAM leaves the parameters' gradients alone");
        }
    }

    /** 48 x 48 frames: one value per 4, 8 or 16 pixels, and the two steps through a stage are the forward pass. */
    @Test
    void eachStagesMapsHaveItsResolutionAndItsTwoStepsAreTheForwardPass() {
        ClipClassifier model = ExplainModels.logoFormer(OpsMode.FUSED, 5);
        Tensor clip = ExplainModels.clip(5);
        long[] sides = {12, 6, 3};
        for (TrunkStage stage : TrunkStage.values()) {
            GradCam cam = GradCam.of(model, clip, 1, stage);
            assertEquals(stage, cam.stage());
            long side = sides[stage.ordinal()];
            assertEquals(48 / stage.stride(), side);
            assertArrayEquals(new long[] {4, side, side}, cam.maps().sizes().vec().get(), stage.id());
            assertTrue(cam.maps().min().item_double() >= 0, stage.id());
            try (NoGradGuard guard = new NoGradGuard()) {
                Tensor twoSteps = model.classifyTrunkFeatures(model.trunkFeatures(clip, stage), stage);
                assertTrue(twoSteps.sub(model.forward(clip)).abs().max().item_double() <= 1e-6, stage.id());
            }
        }
    }

    /**
     * Grad-CAM's channel weight of frame f, channel k is the mean over positions of d logit / d A[f, k, y, x]:
     * 1/(h w) times the derivative along adding the same epsilon at every position of that channel. Checked
     * against central differences of the logit in float64 for a spread of (frame, channel) pairs, and the
     * maps against ReLU(sum of weight x activation).
     */
    @ParameterizedTest
    @EnumSource(TrunkStage.class)
    void channelWeightsMatchFiniteDifferencesOfTheLogitAndMakeTheMaps(TrunkStage stage) {
        ClipClassifier model = ExplainModels.stt(OpsMode.REFERENCE, 6);
        model.to(torch.ScalarType.Double, false);
        Tensor clip = ExplainModels.clip(7).to(torch.ScalarType.Double);
        int target = 2;
        GradCam cam = GradCam.of(model, clip, target, stage);
        try (NoGradGuard guard = new NoGradGuard()) {
            Tensor features = model.trunkFeatures(clip, stage);
            long frames = features.size(0), channels = features.size(1), positions = features.size(2) * features.size(3);
            assertArrayEquals(new long[] {frames, channels}, cam.channelWeights().sizes().vec().get());
            double eps = 1e-4, scale = cam.channelWeights().abs().max().item_double();
            for (int pair = 0; pair < 8; pair++) {
                int f = pair % (int) frames, k = (pair * 13) % (int) channels;
                Tensor plus = features.clone(), minus = features.clone();
                plus.select(0, f).select(0, k).add_(new Scalar(eps));
                minus.select(0, f).select(0, k).sub_(new Scalar(eps));
                double want = (logit(model, plus, target, stage) - logit(model, minus, target, stage)) / (2 * eps) / positions;
                assertEquals(want, cam.channelWeights().select(0, f).select(0, k).item_double(), 1e-7 * scale,
                        "frame " + f + ", channel " + k);
            }
            Tensor maps = torch.relu(cam.channelWeights().unsqueeze(2).unsqueeze(3).mul(features).sum(new long[] {1}));
            assertTrue(cam.maps().sub(maps).abs().max().item_double() <= 1e-12 * Math.max(1, maps.abs().max().item_double()));
        }
    }

    private static double logit(ClipClassifier model, Tensor features, int target, TrunkStage stage) {
        return model.classifyTrunkFeatures(features, stage).select(0, 0).select(0, target).item_double();
    }

    @Test
    void fusedAndReferenceOpsGiveTheSameMaps() {
        Tensor clip = ExplainModels.clip(8);
        GradCam fused = GradCam.of(ExplainModels.logoFormer(OpsMode.FUSED, 9), clip, 1, TrunkStage.LAYER3);
        GradCam reference = GradCam.of(ExplainModels.logoFormer(OpsMode.REFERENCE, 9), clip, 1, TrunkStage.LAYER3);
        double scale = reference.maps().abs().max().item_double();
        assertTrue(fused.maps().sub(reference.maps()).abs().max().item_double() <= 1e-4 * scale);
    }

    @Test
    void theMapsDependOnTheExplainedClass() {
        ClipClassifier model = ExplainModels.logoFormer(OpsMode.FUSED, 10);
        Tensor clip = ExplainModels.clip(11);
        Tensor happy = GradCam.of(model, clip, 0, TrunkStage.LAYER3).maps();
        assertNotEquals(0, happy.sub(GradCam.of(model, clip, 3, TrunkStage.LAYER3).maps()).abs().max().item_double());
    }

    @Test
    void refusesABatchOrAClassOutOfRange() {
        ClipClassifier model = ExplainModels.logoFormer(OpsMode.FUSED, 1);
        var batch = assertThrows(IllegalArgumentException.class, () -> GradCam.of(model, torch.randn(2, 4, 3, 48, 48)));
        assertEquals("clip: expected one clip [1, F, 3, S, S], got [2, 4, 3, 48, 48]", batch.getMessage());
        var target = assertThrows(IllegalArgumentException.class, () -> GradCam.of(model, ExplainModels.clip(1), 5, TrunkStage.LAYER3));
        assertEquals("target: expected a class in [0, 5) or -1 (predicted), got 5", target.getMessage());
    }
}
