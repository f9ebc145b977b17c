package io.github.logoformer.cli;

import io.github.logoformer.data.DfewDataset;
import io.github.logoformer.dist.DataParallel;
import io.github.logoformer.run.JsonFiles;
import io.github.logoformer.train.Recipe;
import io.github.logoformer.train.Trainer;
import io.github.logoformer.train.TrainingOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lf cv}: DFEW's 5-fold protocol, one run per fold, then the mean WAR and UAR. */
@Command(name = "cv", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"5-fold cross-validation: trains and tests each fold into --out/fold-N, then writes cv.json",
                "with each fold's WAR/UAR and their means. Re-running resumes unfinished folds."})
final class CvCommand implements Callable<Integer> {
    @Mixin
    DatasetOptions data = new DatasetOptions();

    @Mixin
    RecipeOption recipe = new RecipeOption();

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    TrainingFlags training = new TrainingFlags();

    @Mixin
    StartingWeightsOptions start = new StartingWeightsOptions();

    @Option(names = "--out", paramLabel = "DIR", description = "Folder of the five runs (default ${DEFAULT-VALUE}).")
    Path out = Path.of("runs", "cv");

    @Mixin
    DistributedOptions distributed = new DistributedOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!data.hasFolds()) {
            throw new IllegalArgumentException("--dataset: cross-validation needs five folds (dfew, mafw or synthetic), got " + data.dataset);
        }
        Recipe chosen = recipe.chosen();
        training.options(chosen != null ? chosen.training() : TrainingOptions.DEFAULT);  // bad options fail here, once,
        model.config(data.dataset == DatasetOptions.Kind.synthetic, data.classes(), chosen);  // not in every worker
        return distributed.run(spec, data::root, this::crossValidate);
    }

    /** Every fold in turn, then cv.json (rank 0 of a data-parallel job writes it). */
    private void crossValidate(DataParallel job) {
        List<Map<String, Object>> folds = new ArrayList<>();
        double war = 0, uar = 0;
        for (int fold = 1; fold <= DfewDataset.FOLDS; fold++) {
            Trainer.Result result = TrainCommand.run(data, fold, recipe, model, training, start, out.resolve("fold-" + fold), true,
                    "[fold " + fold + "] ", job);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("fold", fold);
            entry.put("war", result.test().war());
            entry.put("uar", result.test().uar());
            folds.add(entry);
            war += result.test().war();
            uar += result.test().uar();
        }
        if (!job.isMain()) {
            return;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dataset", data.dataset.name());
        if (recipe.chosen() != null) {
            json.put("recipe", recipe.chosen().id());
        }
        json.put("model", model.kind(recipe.chosen()).id());
        json.put("folds", folds);
        json.put("mean_war", war / DfewDataset.FOLDS);
        json.put("mean_uar", uar / DfewDataset.FOLDS);
        JsonFiles.write(out.resolve("cv.json"), json);
        System.out.printf(Locale.ROOT, "5-fold mean: WAR %.2f%%  UAR %.2f%%  -> %s%n", 100 * war / DfewDataset.FOLDS,
                100 * uar / DfewDataset.FOLDS, out.resolve("cv.json"));
    }
}
