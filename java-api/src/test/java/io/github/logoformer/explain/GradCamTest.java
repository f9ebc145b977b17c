package io.github.logoformer.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.nn.OpsMode;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

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
        for (var parameter : model.parameters().get()) {
            assertTrue(!parameter.grad().defined(), "Grad-CAM leaves the parameters' gradients alone");
        }
    }

    /**
     * Grad-CAM's channel weight of frame f, channel k is the mean over positions of d logit / d A[f, k, y, x]:
     * 1/(h w) times the derivative along adding the same epsilon at every position of that channel. Checked
     * against central differences of the logit in float64 for a spread of (frame, channel) pairs, and the
     * maps against ReLU(sum of weight x activation).
     */
    @Test
    void channelWeightsMatchFiniteDifferencesOfTheLogitAndMakeTheMaps() {
        ClipClassifier model = ExplainModels.stt(OpsMode.REFERENCE, 6);
        model.to(torch.ScalarType.Double, false);
        Tensor clip = ExplainModels.clip(7).to(torch.ScalarType.Double);
        int target = 2;
        GradCam cam = GradCam.of(model, clip, target);
        try (NoGradGuard guard = new NoGradGuard()) {
            Tensor features = model.trunkFeatures(clip);
            long frames = features.size(0), channels = features.size(1), positions = features.size(2) * features.size(3);
            assertArrayEquals(new long[] {frames, channels}, cam.channelWeights().sizes().vec().get());
            double eps = 1e-4, scale = cam.channelWeights().abs().max().item_double();
            for (int pair = 0; pair < 8; pair++) {
                int f = pair % (int) frames, k = (pair * 13) % (int) channels;
                Tensor plus = features.clone(), minus = features.clone();
                plus.select(0, f).select(0, k).add_(new Scalar(eps));
                minus.select(0, f).select(0, k).sub_(new Scalar(eps));
                double want = (logit(model, plus, target) - logit(model, minus, target)) / (2 * eps) / positions;
                assertEquals(want, cam.channelWeights().select(0, f).select(0, k).item_double(), 1e-7 * scale,
                        "frame " + f + ", channel " + k);
            }
            Tensor maps = torch.relu(cam.channelWeights().unsqueeze(2).unsqueeze(3).mul(features).sum(new long[] {1}));
            assertTrue(cam.maps().sub(maps).abs().max().item_double() <= 1e-12 * Math.max(1, maps.abs().max().item_double()));
        }
    }

    private static double logit(ClipClassifier model, Tensor features, int target) {
        return model.classifyTrunkFeatures(features).select(0, 0).select(0, target).item_double();
    }

    @Test
    void fusedAndReferenceOpsGiveTheSameMaps() {
        Tensor clip = ExplainModels.clip(8);
        GradCam fused = GradCam.of(ExplainModels.logoFormer(OpsMode.FUSED, 9), clip, 1);
        GradCam reference = GradCam.of(ExplainModels.logoFormer(OpsMode.REFERENCE, 9), clip, 1);
        double scale = reference.maps().abs().max().item_double();
        assertTrue(fused.maps().sub(reference.maps()).abs().max().item_double() <= 1e-4 * scale);
    }

    @Test
    void theMapsDependOnTheExplainedClass() {
        ClipClassifier model = ExplainModels.logoFormer(OpsMode.FUSED, 10);
        Tensor clip = ExplainModels.clip(11);
        assertNotEquals(0, GradCam.of(model, clip, 0).maps().sub(GradCam.of(model, clip, 3).maps()).abs().max().item_double());
    }

    @Test
    void refusesABatchOrAClassOutOfRange() {
        ClipClassifier model = ExplainModels.logoFormer(OpsMode.FUSED, 1);
        var batch = assertThrows(IllegalArgumentException.class, () -> GradCam.of(model, torch.randn(2, 4, 3, 48, 48)));
        assertEquals("clip: expected one clip [1, F, 3, S, S], got [2, 4, 3, 48, 48]", batch.getMessage());
        var target = assertThrows(IllegalArgumentException.class, () -> GradCam.of(model, ExplainModels.clip(1), 5));
        assertEquals("target: expected a class in [0, 5) or -1 (predicted), got 5", target.getMessage());
    }
}
