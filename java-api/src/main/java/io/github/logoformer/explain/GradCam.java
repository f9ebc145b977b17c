package io.github.logoformer.explain;

import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.nn.TrunkStage;
import java.lang.ref.Reference;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Grad-CAM (Selvaraju et al., 2017) at a stage of the backbone's ResNet-18 trunk, one map per sampled frame:
 * by default the last convolution stage, layer3 (one value per 16 x 16 pixels); layer2 halves the cell
 * (8 x 8 pixels) at the cost of features that are less specific to the class. For frame f with the stage's
 * activations A_f [C, h, w] and the gradient G_f of the target class's logit with respect to them, the
 * channel weights are the spatial means of G_f and the map is ReLU(sum_k weight_k * A_f,k): where in the
 * frame the features that raise the class's score are.
 *
 * <p>The maps of all frames share one unit (the logit's), so they compare across frames:
 * {@code frameImportance} is each frame's share of the clip's total map mass (all zero when every map
 * is zero). Gradients are taken with {@code torch::autograd::grad}, so the model's parameter gradients are
 * left untouched; the model is put in eval mode.
 *
 * @param target the explained class
 * @param stage the trunk stage the maps are taken at
 * @param probabilities softmax of the logits [classes]
 * @param channelWeights [F, C], the spatial means of the gradient at {@code stage}
 * @param maps [F, h, w] at {@code stage}'s resolution, non-negative, in the model's dtype
 * @param frameImportance [F], summing to 1 unless all maps are zero
 */
public record GradCam(int target, TrunkStage stage, Tensor probabilities, Tensor channelWeights, Tensor maps, Tensor frameImportance) {
    /** Explains the predicted class at layer3. */
    public static GradCam of(ClipClassifier model, Tensor clip) {
        return of(model, clip, -1, TrunkStage.LAYER3);
    }

    /**
     * @param clip one clip [1, F, 3, S, S]
     * @param target the class to explain, or -1 for the predicted one
     * @param stage where the maps are taken: {@link TrunkStage#LAYER3} is the usual Grad-CAM layer
     */
    public static GradCam of(ClipClassifier model, Tensor clip, int target, TrunkStage stage) {
        if (clip.dim() != 5 || clip.size(0) != 1) {
            throw new IllegalArgumentException("clip: expected one clip [1, F, 3, S, S], got " + TensorText.shape(clip));
        }
        long classes = model.config().classes();
        if (target < -1 || target >= classes) {
            throw new IllegalArgumentException("target: expected a class in [0, " + classes + ") or -1 (predicted), got " + target);
        }
        model.eval();
        Tensor features;
        try (NoGradGuard guard = new NoGradGuard()) {
            features = model.trunkFeatures(clip, stage).detach();  // [F, C, h, w]: no graph up to the stage is needed
        }
        features.requires_grad_(true);
        Tensor logits = model.classifyTrunkFeatures(features, stage).select(0, 0);
        int explained = target >= 0 ? target : (int) logits.argmax().item_long();
        TensorVector gradients = torch.grad(new TensorVector(logits.select(0, explained)), new TensorVector(features));
        Tensor gradient = new Tensor(gradients.get(0));  // owning: get is a reference into the vector
        Reference.reachabilityFence(gradients);
        Tensor activations = features.detach();
        Tensor weights = gradient.mean(new long[] {2, 3});
        Tensor maps = torch.relu(weights.unsqueeze(2).unsqueeze(3).mul(activations).sum(new long[] {1}));
        Tensor perFrame = maps.sum(new long[] {1, 2});
        double total = perFrame.sum().item_double();
        Tensor importance = total > 0 ? perFrame.div(perFrame.sum()) : perFrame;
        return new GradCam(explained, stage, torch.softmax(logits.detach(), 0), weights, maps, importance);
    }
}
