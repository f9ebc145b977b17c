package io.github.logoformer.cli;

import io.github.logoformer.data.ClipListDataset;
import io.github.logoformer.data.ClipPaths;
import io.github.logoformer.data.ClipRecord;
import io.github.logoformer.data.DfewDataset;
import io.github.logoformer.data.Expression;
import io.github.logoformer.data.Ferv39kDataset;
import io.github.logoformer.data.MafwDataset;
import io.github.logoformer.data.MafwExpression;
import io.github.logoformer.data.Split;
import io.github.logoformer.data.SyntheticDfew;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Which data set a command reads: the embedded synthetic set (DFEW layout, generated on first use), a
 * DFEW tree (5 folds, 7 classes), a MAFW tree (5 folds, 11 classes), a FERV39K tree (one split, 7
 * classes) or a folder with {@code train.txt} and {@code test.txt} in the generic list format
 * ({@link ClipListDataset}, 7 classes).
 */
final class DatasetOptions {
    /** The data set formats the commands read. */
    enum Kind { synthetic, dfew, mafw, ferv39k, list }

    @Option(names = "--dataset", description = "synthetic (default; generated into --root on first use), dfew, mafw, ferv39k, "
            + "or list (--root holds train.txt and test.txt: 'path n_frames label' lines, 0-based labels).")
    Kind dataset = Kind.synthetic;

    @Option(names = "--root", paramLabel = "DIR",
            description = "Data set root. Default for synthetic: ${XDG_CACHE_HOME:-~/.cache}/logoformer/synthetic-dfew.")
    Path root;

    @Option(names = "--clips-anywhere", description = "Follow clip paths of ferv39k and list files that lead outside "
            + "--root (absolute paths, '..'); refused by default.")
    boolean clipsAnywhere;

    /** The clips of one split; {@code fold} must be 1 for the data sets without folds. */
    List<ClipRecord> load(Path root, Split split, int fold) {
        if ((dataset == Kind.ferv39k || dataset == Kind.list) && fold != 1) {
            throw new IllegalArgumentException("--fold: " + dataset + " has one fixed split, got fold " + fold);
        }
        ClipPaths paths = clipsAnywhere ? ClipPaths.ANYWHERE : ClipPaths.INSIDE_ROOT;
        return switch (dataset) {
            case synthetic, dfew -> DfewDataset.load(root, split, fold);
            case mafw -> MafwDataset.load(root, split, fold);
            case ferv39k -> Ferv39kDataset.load(root, split, paths);
            case list -> ClipListDataset.load(root.resolve(split == Split.TRAIN ? "train.txt" : "test.txt"),
                    Expression.values().length, paths);
        };
    }

    /** Whether the data set has DFEW's and MAFW's five folds (cross-validation needs them). */
    boolean hasFolds() {
        return dataset == Kind.synthetic || dataset == Kind.dfew || dataset == Kind.mafw;
    }

    /** The number of classes a model of this data set predicts: MAFW's 11, else the 7 of DFEW. */
    int classes() {
        return dataset == Kind.mafw ? MafwExpression.values().length : Expression.values().length;
    }

    /** The synthetic set's default folder. */
    static Path defaultSyntheticRoot() {
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isEmpty() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("logoformer").resolve("synthetic-dfew");
    }

    /** The root to read; generates the synthetic set first when it is missing. */
    Path root() {
        if (dataset == Kind.synthetic) {
            Path folder = root != null ? root : defaultSyntheticRoot();
            long started = System.nanoTime();
            if (SyntheticDfew.DEFAULT.ensure(folder)) {
                System.err.printf(Locale.ROOT, "lf: wrote the synthetic data set %s into %s in %.1f s%n", SyntheticDfew.DEFAULT,
                        folder, (System.nanoTime() - started) / 1e9);
            }
            return folder;
        }
        if (root == null) {
            throw new IllegalArgumentException("--root: required with --dataset " + dataset);
        }
        return root;
    }

    Map<String, Object> describe(Path root, int fold) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dataset", dataset.name());
        json.put("root", root.toAbsolutePath().toString());
        json.put("fold", fold);
        return json;
    }
}
