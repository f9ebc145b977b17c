package io.github.logoformer.cli;

import io.github.logoformer.data.Split;
import io.github.logoformer.dist.DataParallel;
import io.github.logoformer.eval.EvaluationReport;
import io.github.logoformer.kernels.LogoformerNative;
import io.github.logoformer.nn.ModelConfig;
import io.github.logoformer.train.EpochRecord;
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
                "Writes into --out: checkpoint.json + weights/momentum (every epoch), test.json, test-confusion.png, curves.png."})
final class TrainCommand implements Callable<Integer> {
    @Mixin
    DatasetOptions data = new DatasetOptions();

    @Option(names = "--fold", description = "Fold 1 to 5 (default ${DEFAULT-VALUE}).")
    int fold = 1;

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
        training.options();  // bad options fail here, once, not in every worker
        model.config(data.dataset == DatasetOptions.Kind.synthetic, data.classes());
        return distributed.run(spec, data::root, job -> run(data, fold, model, training, start, runDir, resume, "", job));
    }

    /**
     * Trains one fold into runDir and writes its reports; shared with {@link CvCommand}. In a data-parallel
     * job only rank 0 prints and writes.
     */
    static Trainer.Result run(DatasetOptions data, int fold, ModelOptions model, TrainingFlags training,
            StartingWeightsOptions start, Path runDir, boolean resume, String prefix, DataParallel job) {
        long started = System.nanoTime();
        Path root = data.root();
        ModelConfig config = model.config(data.dataset == DatasetOptions.Kind.synthetic, data.classes());
        var train = data.load(root, Split.TRAIN, fold);
        var test = data.load(root, Split.TEST, fold);
        TrainingOptions options = training.options();
        if (job.isMain()) {
            System.out.printf(Locale.ROOT, "%s%s (%s ops, %s CPU kernels) on %s fold %d: %d training clips, %d test clips, %d epochs (%.0f s so far) -> %s%n",
                    prefix, model.kind().id(), config.ops().name().toLowerCase(Locale.ROOT), simdLevel(), root, fold, train.size(),
                    test.size(), options.epochs(), (System.nanoTime() - started) / 1e9, runDir);
        }
        Trainer.Result result = new Trainer(model.kind(), config, options, training.workers, job)
                .startingFrom(start.resolve())
                .run(train, test, runDir, resume, job.isMain() ? new ProgressLine(System.out, prefix) : TrainingListener.SILENT);
        if (!job.isMain()) {
            return result;
        }
        Map<String, Object> context = data.describe(root, fold);
        context.put("model", model.kind().id());
        context.put("epochs", result.checkpoint().epoch());
        EvaluationReport.write(runDir, "test", result.test(), context,
                model.kind().id() + ", fold " + fold + ", epoch " + result.checkpoint().epoch());
        TrainingCurvesPlot.write(runDir.resolve("curves.png"), result.checkpoint().history(), (int) config.classes());
        List<EpochRecord> history = result.checkpoint().history();
        double perEpoch = history.stream().mapToDouble(EpochRecord::seconds).average().orElse(0);
        System.out.printf(Locale.ROOT, "%sfold %d test: WAR %.2f%%  UAR %.2f%%  (chance UAR %.2f%%)  %d epochs, %.1f s each, %.0f s in all  -> %s%n",
                prefix, fold, 100 * result.test().war(), 100 * result.test().uar(), 100.0 / config.classes(),
                history.size(), perEpoch, (System.nanoTime() - started) / 1e9, runDir.resolve("test.json"));
        return result;
    }

    /** The kernel build the CPU ops run (avx512, avx2 or generic; LF_CPU_SIMD lowers it): rounding differs between them. */
    private static String simdLevel() {
        LogoformerNative.load();
        return LogoformerNative.cpuSimdLevel();
    }
}
