package io.github.logoformer.cli;

import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.nn.ModelKind;
import io.github.logoformer.nn.Precision;
import io.github.logoformer.nn.PyTorchWeights;
import io.github.logoformer.train.Checkpoint;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The model eval and predict run: a run's checkpoint, or a PyTorch state dict with the model options. */
final class ModelSource {
    @Option(names = "--checkpoint", paramLabel = "RUN_DIR", description = "Run folder holding checkpoint.json.")
    Path checkpoint;

    @Option(names = "--weights", paramLabel = "FILE",
            description = "A whole model's PyTorch state dict (e.g. from lf export) instead of a checkpoint; the model "
                    + "options below say which model it is (as at training).")
    Path weights;

    @Mixin
    WeightsStrictness strictness = new WeightsStrictness();

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    ComputeThreads threads = new ComputeThreads();

    /**
     * A model ready to evaluate, what it is, and where it came from.
     *
     * @param precision what the run trained in; a weights file does not say, so float32
     */
    record Loaded(ClipClassifier model, ModelKind kind, String title, Map<String, Object> origin, Precision precision) {}

    /**
     * The model, with LibTorch's threads set for it ({@link ComputeThreads}).
     *
     * @param synthetic whether the data set is the synthetic one (it picks the default preset)
     * @param classes the class count of a --weights model (a checkpoint names its own)
     */
    Loaded load(boolean synthetic, int classes) {
        Loaded loaded = loadModel(synthetic, classes);
        threads.apply(loaded.kind(), loaded.model().config());
        return loaded;
    }

    private Loaded loadModel(boolean synthetic, int classes) {
        if ((checkpoint == null) == (weights == null)) {
            throw new IllegalArgumentException("--checkpoint or --weights: name exactly one");
        }
        if (checkpoint != null) {
            if (model.anyGiven()) {
                throw new IllegalArgumentException("--checkpoint: the run fixes its model; model options go with --weights");
            }
            Checkpoint state = Checkpoint.load(checkpoint);
            return new Loaded(state.loadModel(checkpoint), state.kind(), state.kind().id() + " epoch " + state.epoch(),
                    Map.of("checkpoint", checkpoint.toAbsolutePath().toString(), "epoch", state.epoch()), state.options().precision());
        }
        ClipClassifier loaded = model.kind().build(model.config(synthetic, classes));
        System.err.println(PyTorchWeights.load(loaded, weights, strictness.strictness()).summary());
        loaded.eval();
        return new Loaded(loaded, model.kind(), model.kind().id() + " from " + weights.getFileName(),
                Map.of("weights", weights.toAbsolutePath().toString()), Precision.FP32);
    }
}
