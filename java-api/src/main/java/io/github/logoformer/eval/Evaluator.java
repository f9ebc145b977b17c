package io.github.logoformer.eval;

import io.github.logoformer.data.Batch;
import io.github.logoformer.data.BatchLoader;
import io.github.logoformer.data.ClipRecord;
import io.github.logoformer.data.ClipTransform;
import io.github.logoformer.data.FrameSampler;
import io.github.logoformer.dist.DataParallel;
import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.nn.ModelConfig;
import io.github.logoformer.nn.Precision;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** Runs a model over labelled clips with test-time sampling (centred segments, no augmentation). */
public final class Evaluator {
    private Evaluator() {}

    /**
     * The confusion matrix of {@code model}'s arg-max predictions on {@code clips}, its forward passes in
     * {@code precision}; leaves the model in eval mode.
     */
    public static ConfusionMatrix evaluate(ClipClassifier model, List<ClipRecord> clips, int batchSize, int workers,
            Precision precision) {
        int classes = (int) model.config().classes();
        ConfusionMatrix matrix = new ConfusionMatrix(classes);
        model.eval();
        // One autocast scope for the whole pass: the parameters do not change, so each is cast to bfloat16
        // once (autocast's cache) instead of once per batch. The cache is process-wide: a training thread
        // closing its own scope meanwhile (an overlapped epoch end, see Trainer) empties it, costing recasts only.
        try (NoGradGuard guard = new NoGradGuard(); var autocast = precision.enter();
                BatchLoader loader = testBatches(model.config(), clips, batchSize, workers)) {
            while (loader.hasNext()) {
                Batch batch = loader.next();
                try (PointerScope scope = new PointerScope()) {
                    float[][] probabilities = probabilities(model.forward(batch.clips()));
                    for (int i = 0; i < batch.size(); i++) {
                        matrix.add((int) batch.targets()[i], argmax(probabilities[i]));
                    }
                }
            }
        }
        return matrix;
    }

    /**
     * The confusion matrix of a data-parallel job: each rank evaluates its {@link DataParallel#shard()} of
     * {@code clips}, and the counts are summed over the ranks, so every rank returns the matrix of the whole
     * list. Every rank must hold the same model (the trainer gives them rank 0's before evaluating).
     */
    public static ConfusionMatrix evaluate(ClipClassifier model, List<ClipRecord> clips, int batchSize, int workers,
            Precision precision, DataParallel job) {
        ConfusionMatrix mine = evaluate(model, job.shard().of(clips), batchSize, workers, precision);
        return ConfusionMatrix.ofCounts(job.sum(mine.flatCounts(), "summing the evaluation counts"), mine.classes());
    }

    /** Batches of {@code clips} in list order as the model sees them at test time (centred segments, no augmentation). */
    public static BatchLoader testBatches(ModelConfig config, List<ClipRecord> clips, int batchSize, int workers) {
        return new BatchLoader(clips, new FrameSampler((int) config.frames()), new ClipTransform((int) config.frameSize()),
                batchSize, false, 0, workers);
    }

    /** Softmax over classes of logits [B, classes], as Java rows. */
    public static float[][] probabilities(Tensor logits) {
        Tensor p = torch.softmax(logits.to(torch.ScalarType.Float), 1).contiguous();
        int rows = (int) p.size(0), classes = (int) p.size(1);
        float[] flat = new float[rows * classes];
        p.data_ptr_float().get(flat);
        float[][] out = new float[rows][classes];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * classes, out[r], 0, classes);
        }
        return out;
    }

    /** The index of the largest value (the first on ties). */
    public static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
