package io.github.logoformer.train;

import io.github.logoformer.data.Batch;
import io.github.logoformer.data.BatchLoader;
import io.github.logoformer.data.ClipRecord;
import io.github.logoformer.data.ClipTransform;
import io.github.logoformer.data.FrameSampler;
import io.github.logoformer.dist.DataParallel;
import io.github.logoformer.dist.GradientBuckets;
import io.github.logoformer.eval.ConfusionMatrix;
import io.github.logoformer.eval.Evaluator;
import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.nn.ModelConfig;
import io.github.logoformer.nn.ModelKind;
import io.github.logoformer.nn.ModelWeights;
import io.github.logoformer.run.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Trains a model on a training list and evaluates it on a test list after every epoch, writing a
 * {@link Checkpoint} into the run folder each time (DESIGN.md 7). Where the training runs on one LibTorch
 * thread with another core free, an epoch's test pass and checkpoint run on their own thread, on copies of
 * the model and the update rule's state, while the next epoch trains ({@link EpochEnds}): the records,
 * checkpoints and results are those of the inline order. Loss: compact softmax cross-entropy, CE + lambda * compact term, with the model's ops; optimiser: {@link Sam} around SGD or
 * AdamW ({@link UpdateRule}) on a {@link CosineSchedule} stepped per batch. Forward passes run in the
 * options' {@link io.github.logoformer.nn.Precision} (bfloat16 autocast or float32); weights, gradients,
 * SAM's perturbation, the update rule's state and the checkpoints stay float32.
 *
 * <p>Reproducible and resumable: weights come from {@code torch.manual_seed(seed)}; epoch {@code e}
 * reseeds LibTorch (dropout, drop-path) with {@code seed * 7919 + e} and samples its batches from the
 * same number, so a run resumed from a checkpoint after epoch {@code e} goes on exactly as the
 * uninterrupted run would. Each step runs inside a PointerScope, so native memory stays flat. Opening a
 * run folder removes the temporary files a killed write left there ({@link AtomicFiles#deleteStaleTemporaries}).
 *
 * <p><b>Data parallel</b> (a {@link DataParallel} job of several processes): the batch size is the
 * job's; every process holds the model and trains on its shard of each batch, and the gradients are
 * averaged over the processes after each backward pass (both SAM passes), so the job takes the steps one
 * process would take with the whole batch, except that BatchNorm normalises with each process's own
 * batch statistics (no SyncBatchNorm, as in PyTorch's DDP) and dropout draws differ. Only rank 0 reads
 * and writes the run folder; it gives every rank its parameters, buffers and optimiser state at the start (so
 * a resumed job goes on from rank 0's checkpoint) and after every epoch, before the sharded evaluation
 * (so every rank evaluates, and rank 0 checkpoints, the model with rank 0's BatchNorm running statistics).
 *
 * <p>A run may start from pretrained weights ({@link #startingFrom}): they are loaded over the seeded
 * initialisation before the first epoch and recorded in the checkpoint.
 */
public final class Trainer {
    private final ModelKind kind;
    private final ModelConfig config;
    private final TrainingOptions options;
    private final int workers;
    private final DataParallel job;
    private final List<StartingWeights> startingWeights;
    private final Boolean overlapEpochEnds;  // null: the rule of overlapsEpochEnds()

    /** @param workers decoding threads of the batch loaders */
    public Trainer(ModelKind kind, ModelConfig config, TrainingOptions options, int workers) {
        this(kind, config, options, workers, DataParallel.single());
    }

    /** A trainer that is one process of the data-parallel {@code job} (see the class comment). */
    public Trainer(ModelKind kind, ModelConfig config, TrainingOptions options, int workers, DataParallel job) {
        this(kind, config, options, workers, job, List.of(), null);
    }

    private Trainer(ModelKind kind, ModelConfig config, TrainingOptions options, int workers, DataParallel job,
            List<StartingWeights> startingWeights, Boolean overlapEpochEnds) {
        this.kind = kind;
        this.config = config;
        this.options = options;
        this.workers = workers;
        this.job = job;
        this.startingWeights = List.copyOf(startingWeights);
        this.overlapEpochEnds = overlapEpochEnds;
    }

    /** This trainer, with {@code weights} loaded in order over the seeded initialisation of a new run. */
    public Trainer startingFrom(List<StartingWeights> weights) {
        return new Trainer(kind, config, options, workers, job, weights, overlapEpochEnds);
    }

    /** This trainer, ending its epochs overlapped or inline whatever the machine (tests of both). */
    Trainer overlappingEpochEnds(boolean overlap) {
        return new Trainer(kind, config, options, workers, job, startingWeights, overlap);
    }

    /**
     * What a finished run leaves: the final state (null on ranks other than 0, which write nothing) and
     * the last epoch's test confusion matrix.
     */
    public record Result(Checkpoint checkpoint, ClipClassifier model, ConfusionMatrix test) {}

    /**
     * Trains from scratch into {@code runDir}, or, when {@code resume} and the folder holds a checkpoint
     * of the same run (model, configuration, options), continues after its last epoch.
     *
     * @throws IllegalArgumentException when resuming a checkpoint of another run (model, configuration,
     *     options — the precision included — or starting weights differ), when the folder already holds a
     *     checkpoint and {@code resume} is false, or when starting weights do not fit the model
     */
    public Result run(List<ClipRecord> train, List<ClipRecord> test, Path runDir, boolean resume,
            TrainingListener listener) {
        if (train.isEmpty() || test.isEmpty()) {
            throw new IllegalArgumentException("expected clips to train and to test on, got " + train.size()
                    + " and " + test.size());
        }
        Checkpoint previous = job.isMain() ? previousRun(runDir, resume) : null;
        job.agree("the run", RunIdentity.of(kind, config, options, train, test));
        torch.manual_seed(options.seed());
        ClipClassifier model = kind.build(config);
        if (previous == null) {
            for (StartingWeights start : startingWeights) {
                listener.weightsLoaded(start.applyTo(model));
            }
        }
        Sam optimiser = new Sam(model.parameters(), options.rho(), parameters -> UpdateRule.of(options, parameters));
        List<EpochRecord> history = new ArrayList<>();
        int done = 0;
        if (previous != null) {
            ModelWeights.load(model, runDir.resolve(previous.weightsFile()));
            previous.loadOptimiserState(runDir, optimiser);
            history.addAll(previous.history());
            done = previous.epoch();
        }
        done = (int) job.broadcast(done, "sharing the epochs done");
        job.broadcast(ReplicaState.of(model, optimiser.state()), "sharing rank 0's weights");

        int steps = (train.size() + options.batchSize() - 1) / options.batchSize();
        CosineSchedule schedule = new CosineSchedule(options.learningRate(), (long) options.warmupEpochs() * steps,
                (long) options.epochs() * steps);
        GradientBuckets buckets = job.gradientBuckets(optimiser.parameters());
        EpochEnds.Ended last = null;
        try (EpochEnds ends = overlapsEpochEnds() ? EpochEnds.overlapped(kind, config, optimiser) : EpochEnds.inline()) {
            for (int epoch = done + 1; epoch <= options.epochs(); epoch++) {
                long started = System.nanoTime();
                Trained trained = trainEpoch(model, optimiser, train, epoch, steps, schedule, buckets, listener);
                job.checkReplicas(optimiser.parameters(), "after epoch " + epoch);
                job.broadcast(ReplicaState.of(model, optimiser.state()), "sharing rank 0's weights");
                int ended = epoch;
                ends.end(model, optimiser, (endModel, optimiserState, trainingThreadFreed) -> {
                    ConfusionMatrix matrix = Evaluator.evaluate(endModel, test, options.batchSize(), workers,
                            options.precision(), job);
                    history.add(new EpochRecord(ended, trained.meanLoss(), trained.lastLearningRate(), matrix.war(),
                            matrix.uar(), (trainingThreadFreed.getAsLong() - started) / 1e9));
                    Checkpoint saved = job.isMain() ? Checkpoint.save(runDir, kind, endModel, optimiserState, options,
                            ended, history, startingWeights) : null;
                    listener.epochDone(history.get(history.size() - 1), options.epochs());
                    return new EpochEnds.Ended(saved, matrix);
                });
            }
            last = ends.await();
        }
        buckets.close();  // later backward passes (saliency maps) must not all-reduce
        if (last == null) {  // resumed a finished run: evaluate its final weights
            last = new EpochEnds.Ended(previous, Evaluator.evaluate(model, test, options.batchSize(), workers,
                    options.precision(), job));
        }
        model.eval();
        return new Result(last.checkpoint(), model, last.test());
    }

    /** An epoch's mean training loss (over the whole job) and its last learning rate. */
    private record Trained(double meanLoss, double lastLearningRate) {}

    /** One epoch of steps over {@code train}, shuffled and augmented from the seed and the epoch. */
    private Trained trainEpoch(ClipClassifier model, Sam optimiser, List<ClipRecord> train, int epoch, int steps,
            CosineSchedule schedule, GradientBuckets buckets, TrainingListener listener) {
        long epochSeed = options.seed() * 7919 + epoch;
        torch.manual_seed(job.shard().seed(epochSeed));
        model.train(true);
        double lossSum = 0, lr = 0;
        try (BatchLoader loader = new BatchLoader(train, new FrameSampler((int) config.frames()),
                new ClipTransform((int) config.frameSize()), options.batchSize(), true, epochSeed, workers, job.shard())) {
            for (int b = 0; loader.hasNext(); b++) {
                Batch batch = loader.next();
                lr = schedule.at((long) (epoch - 1) * steps + b);
                buckets.weigh(batch.size(), Math.min(options.batchSize(), train.size() - b * options.batchSize()));
                double loss;
                try (PointerScope scope = new PointerScope()) {
                    Tensor clips = batch.clips(), labels = batch.labels();
                    loss = optimiser.step(lr, batch.size() == 0 ? () -> null
                            : () -> lossAt(model, clips, labels), buckets::reduce);
                }
                if (!Double.isFinite(loss)) {
                    throw new IllegalStateException("epoch " + epoch + ", batch " + (b + 1) + ": the loss is " + loss
                            + " (learning rate " + lr + "); lower the learning rate");
                }
                lossSum += loss * batch.size();
                listener.batchDone(epoch, options.epochs(), b + 1, steps, loss);
            }
        }
        return new Trained(job.sum(lossSum, "summing the epoch's loss") / train.size(), lr);
    }

    /**
     * One forward pass and its loss in the run's precision. The autocast scope closes before the backward
     * (as PyTorch advises) and before SAM moves the weights, so each pass casts the current weights.
     */
    private Tensor lossAt(ClipClassifier model, Tensor clips, Tensor labels) {
        try (var precision = options.precision().enter()) {
            return model.loss(model.forward(clips), labels, options.lambda());
        }
    }

    /**
     * Whether each epoch's end (test pass, record, checkpoint) runs beside the next epoch ({@link EpochEnds}):
     * in a one-process job training on one LibTorch thread with another core free. The end then also runs
     * on one thread, so its test pass is the inline one's; with more training threads an end on one thread
     * would differ in rounding, take longer, and (on hyperthreads, which LibTorch's count leaves out) slow
     * the training. A data-parallel job's test pass is sharded through collectives, which must not
     * interleave with the training's, so its ends run inline.
     */
    private boolean overlapsEpochEnds() {
        return job.world() == 1 && (overlapEpochEnds != null ? overlapEpochEnds
                : torch.get_num_threads() == 1 && Runtime.getRuntime().availableProcessors() > 1);
    }

    /** The checkpoint in {@code runDir} to resume, or null; refuses a folder of another or an unwanted run. */
    private Checkpoint previousRun(Path runDir, boolean resume) {
        Checkpoint previous = Checkpoint.exists(runDir) ? Checkpoint.load(runDir) : null;
        if (previous != null && !resume) {
            throw new IllegalArgumentException(runDir + " already holds a run (" + Checkpoint.FILE
                    + "); resume it or choose another folder");
        }
        if (previous != null && previous.options().precision() != options.precision()) {
            throw new IllegalArgumentException(runDir.resolve(Checkpoint.FILE) + " trained in precision "
                    + previous.options().precision().id() + "; resume it in " + previous.options().precision().id()
                    + ", not " + options.precision().id());
        }
        if (previous != null && !(previous.kind() == kind && previous.config().equals(config)
                && previous.options().equals(options) && sameStart(previous.startingWeights()))) {
            throw new IllegalArgumentException(runDir.resolve(Checkpoint.FILE) + " is a checkpoint of another run: "
                    + previous.kind().id() + ", " + previous.config() + ", " + previous.options()
                    + ", starting weights " + previous.startingWeights());
        }
        // This process now owns the folder's writes: what a killed one left half-written goes.
        AtomicFiles.deleteStaleTemporaries(runDir);
        return previous;
    }

    private boolean sameStart(List<StartingWeights> recorded) {
        if (recorded.size() != startingWeights.size()) {
            return false;
        }
        for (int i = 0; i < recorded.size(); i++) {
            if (!recorded.get(i).sameStart(startingWeights.get(i))) {
                return false;
            }
        }
        return true;
    }
}
