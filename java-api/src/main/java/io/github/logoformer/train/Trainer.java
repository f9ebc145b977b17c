package io.github.logoformer.train;

import io.github.logoformer.data.Batch;
import io.github.logoformer.data.BatchLoader;
import io.github.logoformer.data.ClipRecord;
import io.github.logoformer.data.ClipTransform;
import io.github.logoformer.data.FrameSampler;
import io.github.logoformer.eval.ConfusionMatrix;
import io.github.logoformer.eval.Evaluator;
import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.nn.ModelConfig;
import io.github.logoformer.nn.ModelKind;
import io.github.logoformer.nn.ModelWeights;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Trains a model on a training list and evaluates it on a test list after every epoch, writing a
 * {@link Checkpoint} into the run folder each time (DESIGN.md 7). Loss: compact softmax
 * cross-entropy, CE + lambda * compact term, with the model's ops; optimiser: {@link Sam} around SGD or
 * AdamW ({@link UpdateRule}) on a {@link CosineSchedule} stepped per batch.
 *
 * <p>Reproducible and resumable: weights come from {@code torch.manual_seed(seed)}; epoch {@code e}
 * reseeds LibTorch (dropout, drop-path) with {@code seed * 7919 + e} and samples its batches from the
 * same number, so a run resumed from a checkpoint after epoch {@code e} goes on exactly as the
 * uninterrupted run would. Each step runs inside a PointerScope, so native memory stays flat.
 */
public final class Trainer {
    private final ModelKind kind;
    private final ModelConfig config;
    private final TrainingOptions options;
    private final int workers;

    /** @param workers decoding threads of the batch loaders */
    public Trainer(ModelKind kind, ModelConfig config, TrainingOptions options, int workers) {
        this.kind = kind;
        this.config = config;
        this.options = options;
        this.workers = workers;
    }

    /** What a finished run leaves: the final state and the last epoch's test confusion matrix. */
    public record Result(Checkpoint checkpoint, ClipClassifier model, ConfusionMatrix test) {}

    /**
     * Trains from scratch into {@code runDir}, or, when {@code resume} and the folder holds a checkpoint
     * of the same run (model, configuration, options), continues after its last epoch.
     *
     * @throws IllegalArgumentException when resuming a checkpoint of another run, or when the folder
     *     already holds a checkpoint and {@code resume} is false
     */
    public Result run(List<ClipRecord> train, List<ClipRecord> test, Path runDir, boolean resume,
            TrainingListener listener) {
        if (train.isEmpty() || test.isEmpty()) {
            throw new IllegalArgumentException("expected clips to train and to test on, got " + train.size()
                    + " and " + test.size());
        }
        Checkpoint previous = Checkpoint.exists(runDir) ? Checkpoint.load(runDir) : null;
        if (previous != null && !resume) {
            throw new IllegalArgumentException(runDir + " already holds a run (" + Checkpoint.FILE
                    + "); resume it or choose another folder");
        }
        if (previous != null && !(previous.kind() == kind && previous.config().equals(config)
                && previous.options().equals(options))) {
            throw new IllegalArgumentException(runDir.resolve(Checkpoint.FILE) + " is a checkpoint of another run: "
                    + previous.kind().id() + ", " + previous.config() + ", " + previous.options());
        }
        torch.manual_seed(options.seed());
        ClipClassifier model = kind.build(config);
        Sam optimiser = new Sam(model.parameters(), options.rho(), parameters -> UpdateRule.of(options, parameters));
        List<EpochRecord> history = new ArrayList<>();
        int done = 0;
        if (previous != null) {
            ModelWeights.load(model, runDir.resolve(previous.weightsFile()));
            previous.loadOptimiserState(runDir, optimiser);
            history.addAll(previous.history());
            done = previous.epoch();
        }

        FrameSampler sampler = new FrameSampler((int) config.frames());
        ClipTransform transform = new ClipTransform((int) config.frameSize());
        int steps = (train.size() + options.batchSize() - 1) / options.batchSize();
        CosineSchedule schedule = new CosineSchedule(options.learningRate(), (long) options.warmupEpochs() * steps,
                (long) options.epochs() * steps);
        Checkpoint checkpoint = previous;
        ConfusionMatrix matrix = null;
        for (int epoch = done + 1; epoch <= options.epochs(); epoch++) {
            long started = System.nanoTime();
            long epochSeed = options.seed() * 7919 + epoch;
            torch.manual_seed(epochSeed);
            model.train(true);
            double lossSum = 0, lr = 0;
            try (BatchLoader loader = new BatchLoader(train, sampler, transform, options.batchSize(), true, epochSeed, workers)) {
                for (int b = 0; loader.hasNext(); b++) {
                    Batch batch = loader.next();
                    lr = schedule.at((long) (epoch - 1) * steps + b);
                    double loss;
                    try (PointerScope scope = new PointerScope()) {
                        Tensor clips = batch.clips(), labels = batch.labels();
                        loss = optimiser.step(lr, () -> model.loss(model.forward(clips), labels, options.lambda()));
                    }
                    if (!Double.isFinite(loss)) {
                        throw new IllegalStateException("epoch " + epoch + ", batch " + (b + 1) + ": the loss is " + loss
                                + " (learning rate " + lr + "); lower the learning rate");
                    }
                    lossSum += loss * batch.size();
                    listener.batchDone(epoch, options.epochs(), b + 1, steps, loss);
                }
            }
            matrix = Evaluator.evaluate(model, test, options.batchSize(), workers);
            history.add(new EpochRecord(epoch, lossSum / train.size(), lr, matrix.war(), matrix.uar(),
                    (System.nanoTime() - started) / 1e9));
            checkpoint = Checkpoint.save(runDir, kind, model, optimiser, options, epoch, history);
            listener.epochDone(history.get(history.size() - 1), options.epochs());
        }
        if (matrix == null) {  // resumed a finished run: evaluate its final weights
            matrix = Evaluator.evaluate(model, test, options.batchSize(), workers);
        }
        model.eval();
        return new Result(checkpoint, model, matrix);
    }
}
