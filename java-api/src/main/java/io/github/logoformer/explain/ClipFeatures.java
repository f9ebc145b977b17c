package io.github.logoformer.explain;

import io.github.logoformer.data.Batch;
import io.github.logoformer.data.BatchLoader;
import io.github.logoformer.data.ClipRecord;
import io.github.logoformer.eval.Evaluator;
import io.github.logoformer.nn.ClipClassifier;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;

/**
 * The CLS feature before the classifier head ({@link ClipClassifier#clsFeatures}, after the final
 * LayerNorm) of labelled clips, with test-time sampling, as rows of doubles.
 *
 * @param features one row of d values per clip, in {@code clips} order
 * @param labels each clip's class
 */
public record ClipFeatures(List<ClipRecord> clips, double[][] features, int[] labels) {
    /** Runs {@code model} in eval mode over {@code clips}. */
    public static ClipFeatures of(ClipClassifier model, List<ClipRecord> clips, int batchSize, int workers) {
        int dim = (int) model.config().dim();
        double[][] features = new double[clips.size()][dim];
        int[] labels = new int[clips.size()];
        model.eval();
        int row = 0;
        try (NoGradGuard guard = new NoGradGuard();
                BatchLoader loader = Evaluator.testBatches(model.config(), clips, batchSize, workers)) {
            while (loader.hasNext()) {
                Batch batch = loader.next();
                try (PointerScope scope = new PointerScope()) {
                    float[] flat = Explanation.floats(model.clsFeatures(batch.clips()));
                    for (int i = 0; i < batch.size(); i++, row++) {
                        for (int k = 0; k < dim; k++) {
                            features[row][k] = flat[i * dim + k];
                        }
                        labels[row] = (int) batch.targets()[i];
                    }
                }
            }
        }
        return new ClipFeatures(clips, features, labels);
    }
}
