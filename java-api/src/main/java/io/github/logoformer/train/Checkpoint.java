package io.github.logoformer.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.nn.ModelConfig;
import io.github.logoformer.nn.ModelKind;
import io.github.logoformer.nn.ModelWeights;
import io.github.logoformer.run.AtomicFiles;
import io.github.logoformer.run.JsonFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;

/**
 * A run's state after a whole epoch, in its run folder: {@code weights-epoch-NNN.pt} (the model, a
 * LibTorch archive, see {@link ModelWeights}), {@code momentum-epoch-NNN.pt} (the optimiser's state:
 * SGD's momentum buffers, or AdamW's moments and step count)
 * and {@code checkpoint.json} (this record: model kind and configuration, training options, epochs done,
 * history, the two file names, and the pretrained weights the run started from). Each file is written atomically and durably ({@link AtomicFiles}),
 * the JSON last, so the JSON always names a complete pair; older pairs are deleted after it moves.
 * Resuming reads the JSON, rebuilds the model and continues with epoch {@code epoch + 1}.
 *
 * @param format {@link #FORMAT}, the layout of checkpoint.json; a file of another format is refused
 * @param startingWeights the state dicts loaded over the seeded initialisation, in order; empty from scratch
 */
public record Checkpoint(int format, ModelKind kind, ModelConfig config, TrainingOptions options, int epoch,
        List<EpochRecord> history, String weightsFile, String momentumFile, List<StartingWeights> startingWeights) {
    public static final String FILE = "checkpoint.json";
    /**
     * 5: the options name the update rule ({@code optimizer}: sgd or adamw). Format 4 (the trunk's
     * parameters carry torchvision's names, the starting weights are recorded and the options record the
     * precision) is still read, as the SGD run it was: its momentum file holds SGD's buffers in the same
     * order. Format 3 (one of format 4's changes without the other), format 2 (0.2's first JSON through
     * Jackson) and format 1 (0.1's hand-written JSON) are not read.
     */
    public static final int FORMAT = 5;
    /** The older format still read ({@link #load}); it trained with SGD. */
    static final int FORMAT_SGD_ONLY = 4;

    public Checkpoint {
        if (format != FORMAT) {
            throw new IllegalArgumentException("format: expected " + FORMAT + ", got " + format);
        }
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch: expected >= 1, got " + epoch);
        }
        history = List.copyOf(history);
        startingWeights = List.copyOf(startingWeights);
        plainFileName(weightsFile, "weights_file");
        plainFileName(momentumFile, "momentum_file");
    }

    public static boolean exists(Path runDir) {
        return Files.isRegularFile(runDir.resolve(FILE));
    }

    /**
     * Writes the state after {@code epoch} epochs into {@code runDir} and returns it.
     *
     * @param optimiserState the update rule's state ({@link Sam#state()}, or a copy of it), in its order
     */
    public static Checkpoint save(Path runDir, ModelKind kind, ClipClassifier model, List<Tensor> optimiserState,
            TrainingOptions options, int epoch, List<EpochRecord> history, List<StartingWeights> startingWeights) {
        String weights = String.format(Locale.ROOT, "weights-epoch-%03d.pt", epoch);
        String momentum = String.format(Locale.ROOT, "momentum-epoch-%03d.pt", epoch);
        AtomicFiles.write(runDir.resolve(weights), file -> ModelWeights.save(model, file));
        AtomicFiles.write(runDir.resolve(momentum), file -> ModelWeights.save(momentumModule(optimiserState), file));
        Checkpoint checkpoint = new Checkpoint(FORMAT, kind, model.config(), options, epoch, history, weights, momentum,
                startingWeights);
        JsonFiles.write(runDir.resolve(FILE), checkpoint);
        deleteOlderStates(runDir, weights, momentum);
        return checkpoint;
    }

    /**
     * Reads {@code runDir/checkpoint.json}.
     *
     * @throws IllegalArgumentException when it is missing, malformed or of another format; the message
     *     names the file (and the line and field)
     */
    public static Checkpoint load(Path runDir) {
        Path file = runDir.resolve(FILE);
        JsonNode tree = JsonFiles.readTree(file);
        JsonNode format = tree.path("format");
        boolean sgdOnly = format.isInt() && format.intValue() == FORMAT_SGD_ONLY;
        if (!format.isInt() || format.intValue() != FORMAT && !sgdOnly) {
            throw new IllegalArgumentException(file + ": expected a checkpoint of format " + FORMAT + " or "
                    + FORMAT_SGD_ONLY + " (what this version reads), got format "
                    + (format.isMissingNode() ? "(none)" : format.toString()));
        }
        if (sgdOnly && tree instanceof ObjectNode root && tree.path("options") instanceof ObjectNode options
                && !options.has("optimizer")) {
            options.put("optimizer", TrainingOptions.Optimizer.SGD.id());
            root.put("format", FORMAT);
        }
        // Format-2 files written before ModelConfig had sttAttention trained the divided, temporal-first STT.
        if (tree.path("config") instanceof ObjectNode config && !config.has("stt_attention")) {
            config.put("stt_attention", "divided_temporal_first");
        }
        return JsonFiles.convert(file, tree, Checkpoint.class);
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
        ModelWeights.load(momentumModule(optimiser.state()), runDir.resolve(momentumFile));
    }

    /** The weights file's path in {@code runDir}. */
    public Path weightsPath(Path runDir) {
        return runDir.resolve(weightsFile);
    }

    /**
     * The optimiser's state tensors as buffers {@code m0, m1, ...} of a module, so that
     * {@link ModelWeights} saves them and loads them back in place, with its shape checks.
     */
    private static Module momentumModule(List<Tensor> buffers) {
        Module module = new Module();
        for (int i = 0; i < buffers.size(); i++) {
            module.register_buffer("m" + i, buffers.get(i));
        }
        return module;
    }

    /** The state files live in the run folder itself: a name with a path in it could read files elsewhere. */
    private static void plainFileName(String name, String field) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..") || name.contains("/")
                || name.contains("\\") || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(field + ": expected a file name in the run folder, got '" + name + "'");
        }
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
