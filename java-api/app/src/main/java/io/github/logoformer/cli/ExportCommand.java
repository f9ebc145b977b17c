package io.github.logoformer.cli;

import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.nn.PyTorchWeights;
import io.github.logoformer.run.AtomicFiles;
import io.github.logoformer.run.JsonFiles;
import io.github.logoformer.train.Checkpoint;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lf export}: a run's model as a PyTorch state dict, and its description beside it. */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Writes a run's model as a PyTorch state dict (torch.save format; torch.load reads it, also with",
                "weights_only=True) with the names of the README's table, and the model's kind and configuration as",
                "JSON beside it (--out model.pt also writes model.json)."})
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", paramLabel = "RUN_DIR", required = true, description = "Run folder holding checkpoint.json.")
    Path checkpoint;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The state dict to write (e.g. model.pt).")
    Path out;

    @Override
    public Integer call() {
        Checkpoint state = Checkpoint.load(checkpoint);
        ClipClassifier model = state.loadModel(checkpoint);
        Path description = descriptionOf(out);
        AtomicFiles.write(out, file -> PyTorchWeights.save(model, file));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", state.kind());
        json.put("config", state.config());
        json.put("weights", out.getFileName().toString());
        json.put("checkpoint", checkpoint.toAbsolutePath().toString());
        json.put("epoch", state.epoch());
        JsonFiles.write(description, json);
        System.out.printf("wrote %s (%d tensors of %s, epoch %d) and %s%n", out,
                PyTorchWeights.stateDict(model).size(), state.kind().id(), state.epoch(), description);
        return 0;
    }

    /** model.pt -> model.json beside it (any extension replaced; none: .json appended). */
    static Path descriptionOf(Path weights) {
        String name = weights.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        Path json = weights.resolveSibling(stem + ".json");
        if (json.equals(weights)) {
            throw new IllegalArgumentException("--out: expected a weights file name other than " + weights);
        }
        return json;
    }
}
