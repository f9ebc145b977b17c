package io.github.logoformer.train;

import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.nn.ModelConfig;
import io.github.logoformer.nn.ModelWeights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * A run's state after a whole epoch, in its run folder: {@code weights-epoch-NNN.pt} (the model, a
 * LibTorch archive, see {@link ModelWeights}), {@code momentum-epoch-NNN.pt} (the optimiser's state:
 * SGD's momentum buffers, or AdamW's moments and step count)
 * and {@code checkpoint.json} (model kind and configuration, training options, epochs done, history,
 * and the two file names). Each file is written atomically and the JSON last, so the JSON always
 * names a complete pair; older pairs are deleted after it moves. Resuming reads the JSON, rebuilds the
 * model and continues with epoch {@code epoch + 1}.
 */
public record Checkpoint(ModelKind kind, ModelConfig config, TrainingOptions options, int epoch,
        List<EpochRecord> history, String weightsFile, String momentumFile) {
    public static final String FILE = "checkpoint.json";

    public Checkpoint {
        history = List.copyOf(history);
    }

    public static boolean exists(Path runDir) {
        return Files.isRegularFile(runDir.resolve(FILE));
    }

    /** Writes the state after {@code epoch} epochs into {@code runDir} and returns it. */
    public static Checkpoint save(Path runDir, ModelKind kind, ClipClassifier model, Sam optimiser,
            TrainingOptions options, int epoch, List<EpochRecord> history) {
        String weights = String.format(Locale.ROOT, "weights-epoch-%03d.pt", epoch);
        String momentum = String.format(Locale.ROOT, "momentum-epoch-%03d.pt", epoch);
        AtomicFiles.write(runDir.resolve(weights), file -> ModelWeights.save(model, file));
        AtomicFiles.write(runDir.resolve(momentum), file -> ModelWeights.save(momentumModule(optimiser), file));
        Checkpoint checkpoint = new Checkpoint(kind, model.config(), options, epoch, history, weights, momentum);
        AtomicFiles.writeString(runDir.resolve(FILE), Json.write(checkpoint.toJson()));
        deleteOlderStates(runDir, weights, momentum);
        return checkpoint;
    }

    /**
     * Reads {@code runDir/checkpoint.json}.
     *
     * @throws IllegalArgumentException when it is missing or malformed; the message names the file
     */
    @SuppressWarnings("unchecked")
    public static Checkpoint load(Path runDir) {
        Path file = runDir.resolve(FILE);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the checkpoint (" + e + ")", e);
        }
        try {
            if (!(Json.parse(text, file) instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException("expected a JSON object");
            }
            Map<String, Object> json = (Map<String, Object>) map;
            List<EpochRecord> history = new ArrayList<>();
            for (Object record : JsonFields.list(json, "history")) {
                history.add(EpochRecord.fromJson((Map<String, Object>) record));
            }
            return new Checkpoint(ModelKind.of(JsonFields.string(json, "model")),
                    ModelConfigJson.read(JsonFields.object(json, "model_config")),
                    TrainingOptions.fromJson(JsonFields.object(json, "training")), JsonFields.integer(json, "epoch"),
                    history, JsonFields.string(json, "weights"), JsonFields.string(json, "momentum"));
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** A model with this checkpoint's configuration and weights, in eval mode. */
    public ClipClassifier loadModel(Path runDir) {
        ClipClassifier model = kind.build(config);
        ModelWeights.load(model, runDir.resolve(weightsFile));
        model.eval();
        return model;
    }

    /** Copies the saved optimiser state into {@code optimiser}'s (failing on a missing or misshapen tensor). */
    public void loadOptimiserState(Path runDir, Sam optimiser) {
        ModelWeights.load(momentumModule(optimiser), runDir.resolve(momentumFile));
    }

    /**
     * The optimiser's state tensors as buffers {@code m0, m1, ...} of a module, so that
     * {@link ModelWeights} saves them and loads them back in place, with its shape checks.
     */
    private static Module momentumModule(Sam optimiser) {
        Module module = new Module();
        List<Tensor> buffers = optimiser.state();
        for (int i = 0; i < buffers.size(); i++) {
            module.register_buffer("m" + i, buffers.get(i));
        }
        return module;
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", 1);
        json.put("model", kind.id());
        json.put("model_config", ModelConfigJson.write(config));
        json.put("training", options.toJson());
        json.put("epoch", epoch);
        json.put("weights", weightsFile);
        json.put("momentum", momentumFile);
        json.put("history", history.stream().map(EpochRecord::toJson).toList());
        return json;
    }

    private static void deleteOlderStates(Path runDir, String weights, String momentum) {
        try (var files = Files.list(runDir)) {
            for (Path p : files.toList()) {
                String name = p.getFileName().toString();
                boolean state = name.matches("(weights|momentum)-epoch-\\d+\\.pt");
                if (state && !name.equals(weights) && !name.equals(momentum)) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("removing older states from " + runDir + ": " + e.getMessage(), e);
        }
    }
}
