package io.github.logoformer.cli;

import io.github.logoformer.data.Split;
import io.github.logoformer.dist.DataParallel;
import io.github.logoformer.eval.EvaluationReport;
import io.github.logoformer.kernels.LogoformerNative;
import io.github.logoformer.nn.ModelComplexity;
import io.github.logoformer.nn.ModelConfig;
import io.github.logoformer.nn.ModelKind;
import io.github.logoformer.train.EpochRecord;
import io.github.logoformer.train.Recipe;
import io.github.logoformer.train.StartingWeights;
import io.github.logoformer.train.Trainer;
import io.github.logoformer.train.TrainingCurvesPlot;
import io.github.logoformer.train.TrainingListener;
import io.github.logoformer.train.TrainingOptions;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lf train}: train on one fold's training list, evaluate on its test list after every epoch. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains a model on one fold and evaluates it on the fold's test list after every epoch.",
                "With no arguments: the small LOGO-Former on the synthetic set (generated on first use), fold 1.",
                "--recipe logoformer-paper or stt-paper starts from a paper's setup (listed below).",
                "Writes into --out: checkpoint.json + weights/momentum (every epoch), test.json, test-confusion.png, curves.png."})
final class TrainCommand implements Callable<Integer> {
    @Mixin
    DatasetOptions data = new DatasetOptions();

    @Option(names = "--fold", description = "Fold 1 to 5 (default ${DEFAULT-VALUE}).")
    int fold = 1;

    @Mixin
    RecipeOption recipe = new RecipeOption();

    @Mixin
    ModelOptions model = new ModelOptions();

    @Mixin
    TrainingFlags training = new TrainingFlags();

    @Mixin
    StartingWeightsOptions start = new StartingWeightsOptions();

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder (default runs/train-<date-time>).")
    Path out;

    @Option(names = "--resume", description = "Continue the run in --out after its last saved epoch.")
    boolean resume;

    @Mixin
    DistributedOptions distributed = new DistributedOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path runDir = out != null ? out : Path.of("runs", "train-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
        if (resume && out == null) {
            throw new IllegalArgumentException("--resume: name the run folder with --out");
        }
        Recipe chosen = recipe.chosen();
        training.options(chosen != null ? chosen.training() : TrainingOptions.DEFAULT);  // bad options fail here, once,
        model.config(data.dataset == DatasetOptions.Kind.synthetic, data.classes(), chosen);  // not in every worker
        return distributed.run(spec, data::root, job -> run(data, fold, recipe, model, training, start, runDir, resume, "", job));
    }

    /**
     * Trains one fold into runDir and writes its reports; shared with {@link CvCommand}. In a data-parallel
     * job only rank 0 prints and writes.
     */
    static Trainer.Result run(DatasetOptions data, int fold, RecipeOption recipeOption, ModelOptions model,
            TrainingFlags training, StartingWeightsOptions start, Path runDir, boolean resume, String prefix,
            DataParallel job) {
        long started = System.nanoTime();
        Recipe recipe = recipeOption.chosen();
        ModelKind kind = model.kind(recipe);
        ModelConfig config = model.config(data.dataset == DatasetOptions.Kind.synthetic, data.classes(), recipe);
        TrainingOptions options = training.options(recipe != null ? recipe.training() : TrainingOptions.DEFAULT, runDir, resume);
        Path root = data.root();
        var train = data.load(root, Split.TRAIN, fold);
        var test = data.load(root, Split.TEST, fold);
        List<StartingWeights> weights = start.resolve();
        String threads = training.threads.apply(kind, config);
        if (job.isMain()) {
            if (recipe != null) {
                System.out.printf(Locale.ROOT, "%srecipe %s: %s%n", prefix, recipe.id(), describe(kind, config, options));
                if (weights.isEmpty()) {
                    System.err.printf(Locale.ROOT, "lf: recipe %s: its backbone is pretrained on MS-Celeb-1M; no weights are"
                            + " bundled, so this run starts from scratch (give them with --backbone-weights)%n", recipe.id());
                }
            }
            System.out.printf(Locale.ROOT, "%s%s (%s ops, %s, %s CPU kernels, %s) on %s fold %d: %d training clips, %d test clips,"
                    + " %d epochs (%.0f s so far) -> %s%n", prefix, kind.id(), config.ops().name().toLowerCase(Locale.ROOT),
                    options.precision().id(), simdLevel(), threads, root, fold, train.size(), test.size(), options.epochs(),
                    (System.nanoTime() - started) / 1e9, runDir);
        }
        Trainer.Result result = new Trainer(kind, config, options, training.workers, job)
                .startingFrom(weights)
                .run(train, test, runDir, resume, job.isMain() ? new ProgressLine(System.out, prefix) : TrainingListener.SILENT);
        if (!job.isMain()) {
            return result;
        }
        Map<String, Object> context = data.describe(root, fold);
        if (recipe != null) {
            context.put("recipe", recipe.id());
        }
        context.put("model", kind.id());
        context.put("epochs", result.checkpoint().epoch());
        context.put("precision", options.precision().id());
        EvaluationReport.write(runDir, "test", result.test(), context,
                kind.id() + ", fold " + fold + ", epoch " + result.checkpoint().epoch());
        TrainingCurvesPlot.write(runDir.resolve("curves.png"), result.checkpoint().history(), (int) config.classes());
        List<EpochRecord> history = result.checkpoint().history();
        double perEpoch = history.stream().mapToDouble(EpochRecord::seconds).average().orElse(0);
        System.out.printf(Locale.ROOT, "%sfold %d test: WAR %.2f%%  UAR %.2f%%  (chance UAR %.2f%%)  %d epochs, %.1f s each, %.0f s in all  -> %s%n",
                prefix, fold, 100 * result.test().war(), 100 * result.test().uar(), 100.0 / config.classes(),
                history.size(), perEpoch, (System.nanoTime() - started) / 1e9, runDir.resolve("test.json"));
        return result;
    }

    /** The kernel build the CPU ops run (amx, avx512bf16, avx512, avx2 or generic; LF_CPU_SIMD lowers it): rounding differs between them. */
    private static String simdLevel() {
        LogoformerNative.load();
        return LogoformerNative.cpuSimdLevel();
    }

    /** The values a recipe run trains with, after the explicit options: one line. */
    private static String describe(ModelKind kind, ModelConfig c, TrainingOptions o) {
        String attention = kind == ModelKind.STT ? ", " + c.sttAttention().id() : ", window " + c.window() + ", pool " + c.pool();
        return String.format(Locale.ROOT, "%d frames of %dx%d, width %d, d %d, %d heads, %d blocks%s; %d epochs, batch %d,"
                + " %s lr %s, %d warm-up, rho %s, lambda %s, %.2f GMACs per clip", c.frames(), c.frameSize(), c.frameSize(),
                c.backboneWidth(), c.dim(), c.heads(), c.blocks(), attention, o.epochs(), o.batchSize(), o.optimizer().id(),
                o.learningRate(), o.warmupEpochs(), o.rho(), o.lambda(), ModelComplexity.of(kind, c).totalGmacs());
    }
}
