package io.github.logoformer.cli;

import io.github.logoformer.data.ClipRecord;
import io.github.logoformer.eval.EvaluationReport;
import io.github.logoformer.explain.ClipFeatures;
import io.github.logoformer.explain.FeatureEmbedding;
import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lf tsne}: t-SNE of the CLS features of a split, one plot per checkpoint, with silhouettes. */
@Command(name = "tsne", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reduces the CLS features (the head's input) of every clip of a split to 2-D with exact t-SNE.",
                "Writes into --out: tsne.png (one scatter per checkpoint, side by side, coloured by class), tsne.csv",
                "(the points) and tsne.json (the silhouette of each plot in the feature space and in 2-D)."})
final class TsneCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", paramLabel = "RUN_DIR", required = true,
            description = "Run folder holding checkpoint.json; give it twice to compare two runs side by side.")
    List<Path> checkpoints;

    @Mixin
    DatasetOptions data = new DatasetOptions();

    @Mixin
    SplitOptions on = new SplitOptions();

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Folder for the results (made if missing).")
    Path out;

    @Option(names = "--perplexity", description = "t-SNE perplexity (default ${DEFAULT-VALUE}; lowered to (n - 1) / 3 for few clips).")
    double perplexity = 30;

    @Option(names = "--iterations", description = "t-SNE iterations (default ${DEFAULT-VALUE}).")
    int iterations = 1000;

    @Option(names = "--seed", description = "Seed of the t-SNE start (default ${DEFAULT-VALUE}).")
    long seed = 0;

    @Override
    public Integer call() throws Exception {
        if (checkpoints.size() > 2) {
            throw new IllegalArgumentException("--checkpoint: expected one or two, got " + checkpoints.size());
        }
        Path root = data.root();
        List<ClipRecord> clips = data.load(root, on.which(), on.fold);
        Files.createDirectories(out);
        List<FeatureEmbedding> embeddings = new ArrayList<>();
        int classes = -1;
        for (Path run : checkpoints) {
            ClipClassifier model = Checkpoint.load(run).loadModel(run);
            if (classes != -1 && classes != model.config().classes()) {
                throw new IllegalArgumentException("--checkpoint: " + run + " has " + model.config().classes()
                        + " classes, the first checkpoint " + classes);
            }
            classes = (int) model.config().classes();
            FeatureEmbedding embedding = FeatureEmbedding.of(run.getFileName().toString(),
                    ClipFeatures.of(model, clips, on.batchSize, on.workers), perplexity, iterations, seed);
            System.out.printf(Locale.ROOT, "%s: %d clips, silhouette %.4f in the features, %.4f in the t-SNE plane%n",
                    run, clips.size(), embedding.featureSilhouette(), embedding.planeSilhouette());
            embeddings.add(embedding);
        }
        System.out.println("wrote " + FeatureEmbedding.write(out, embeddings, EvaluationReport.classNames(classes)));
        return 0;
    }
}
