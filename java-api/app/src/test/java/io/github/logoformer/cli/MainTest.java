package io.github.logoformer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.run.JsonFiles;
import io.github.logoformer.train.Checkpoint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line end to end on small synthetic sets: synth, train until the model beats chance, eval,
 * predict, cv, and errors.
 */
class MainTest {
    /** Seven balanced classes. */
    private static final double CHANCE = 1.0 / 7;

    @TempDir
    Path dir;

    private String run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = cli.execute(args);
        } finally {
            System.setOut(saved);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        saved.print(text);
        assertEquals(0, code, "lf " + String.join(" ", args) + " failed: " + err);
        return text;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> json(Path file) throws Exception {
        return JsonFiles.read(file, Map.class);
    }

    private Path synth(String name, int clipsPerClass) {
        Path data = dir.resolve(name);
        run("synth", "--out", data.toString(), "--clips-per-class", Integer.toString(clipsPerClass), "--min-frames", "4",
                "--max-frames", "6", "--size", "32", "--seed", "3");
        return data;
    }

    /** A LOGO-Former small enough to learn the synthetic faces within a minute on 2 cores. */
    private static List<String> tinyModel() {
        return List.of("--preset", "small", "--frames", "4", "--frame-size", "32", "--backbone-width", "8", "--dim", "32",
                "--heads", "2", "--blocks", "1");
    }

    /** Strings and lists of strings, flattened into one argument array. */
    private static String[] args(Object... parts) {
        List<String> all = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof List<?> list) {
                list.forEach(item -> all.add((String) item));
            } else if (part instanceof Object[] array) {
                all.addAll(List.of(args(array)));
            } else {
                all.add((String) part);
            }
        }
        return all.toArray(String[]::new);
    }

    /**
     * 336 training and 84 test clips; 40 epochs of plain SGD (SAM would double the time; its step has its own
     * test), in bfloat16 (autocast). Measured in float32: UAR 40.5% (seed 1) and 42.9% (seed 2) in about 40 s;
     * in bfloat16: see the README. The bound, twice chance, is about 4.5 standard deviations of a chance
     * classifier's accuracy on 84 clips above chance.
     */
    @Test
    void trainingInBfloat16BeatsChanceThenEvalAndPredictUseTheCheckpoint() throws Exception {
        Path data = synth("data", 60), runDir = dir.resolve("run");
        String trained = run(args("train", "--dataset", "dfew", "--root", data.toString(), "--fold", "1", tinyModel(),
                "--epochs", "40", "--lr", "0.02", "--warmup-epochs", "1", "--rho", "0", "--precision", "bf16", "--out",
                runDir.toString()));
        assertTrue(trained.contains("(fused ops, bf16)"), trained);
        Map<String, Object> result = json(runDir.resolve("test.json"));
        assertEquals(84, result.get("samples"));
        double uar = (Double) result.get("uar");
        assertTrue(uar >= 2 * CHANCE, "test UAR " + uar + " after 40 epochs; chance is " + CHANCE);
        assertTrue(Files.size(runDir.resolve("curves.png")) > 0 && Files.size(runDir.resolve("test-confusion.png")) > 0);

        String eval = run("eval", "--checkpoint", runDir.toString(), "--dataset", "dfew", "--root", data.toString(), "--fold", "1");
        Map<String, Object> evaluated = json(runDir.resolve("eval.json"));
        assertEquals(result.get("war"), evaluated.get("war"), "eval repeats the run's final test, in the run's precision");
        assertEquals("bf16", evaluated.get("precision"), evaluated.toString());
        assertTrue(eval.contains("Happy"), eval);
        run("eval", "--checkpoint", runDir.toString(), "--dataset", "dfew", "--root", data.toString(), "--fold", "1",
                "--precision", "fp32", "--out", dir.resolve("eval-fp32").toString());
        double fp32War = (Double) json(dir.resolve("eval-fp32").resolve("eval.json")).get("war");
        assertEquals((Double) result.get("war"), fp32War, 0.1, "the bfloat16-trained weights in float32");

        String predicted = run("predict", "--checkpoint", runDir.toString(), "--clip", data.resolve("data/00001").toString());
        assertEquals(7, predicted.strip().lines().count(), predicted);
    }

    @Test
    @SuppressWarnings("unchecked")
    void crossValidationTrainsEveryFoldAndAveragesThem() throws Exception {
        Path data = synth("data", 5), out = dir.resolve("cv");
        run(args("cv", "--dataset", "dfew", "--root", data.toString(), tinyModel(), "--epochs", "1", "--warmup-epochs", "0", "--out", out.toString()));
        Map<String, Object> cv = json(out.resolve("cv.json"));
        List<Object> folds = (List<Object>) cv.get("folds");
        assertEquals(5, folds.size());
        double sum = 0;
        for (int fold = 1; fold <= 5; fold++) {
            Map<String, Object> entry = (Map<String, Object>) folds.get(fold - 1);
            assertEquals(fold, entry.get("fold"));
            assertEquals(entry.get("uar"), json(out.resolve("fold-" + fold).resolve("test.json")).get("uar"));
            sum += (Double) entry.get("uar");
        }
        assertEquals(sum / 5, (Double) cv.get("mean_uar"), 1e-12);

        String again = run(args("cv", "--dataset", "dfew", "--root", data.toString(), tinyModel(), "--epochs", "1", "--warmup-epochs", "0", "--out",
                out.toString()));
        assertEquals(cv, json(out.resolve("cv.json")), "re-running finished folds resumes them without training");
        assertFalse(again.contains("loss"), again);
    }

    /**
     * {@code --nproc 2}: two worker JVMs train one job (SAM, shards of every batch, averaged gradients); rank 0
     * alone writes the run; its gathered evaluation counts every test clip once and equals a one-process
     * {@code eval} of the checkpoint. Batches of 41 of the 42 training clips: each epoch's last batch (one clip)
     * leaves rank 1 without clips. A second job, killed after its first epoch (the launcher, then its workers),
     * resumes and ends with the first job's weights and results.
     */
    @Test
    void twoProcessesTrainOneJobEvaluateEveryTestClipOnceAndResumeAfterAKill() throws Exception {
        Path data = synth("data", 8), straight = dir.resolve("straight"), killed = dir.resolve("killed");
        List<String> job = List.of(args("train", "--dataset", "dfew", "--root", data.toString(), "--fold", "1", tinyModel(),
                "--epochs", "2", "--warmup-epochs", "0", "--batch-size", "41", "--lr", "0.1", "--nproc", "2"));
        String out = run(args(job, "--out", straight.toString()));
        assertTrue(out.contains("[rank 0] fold 1 test: WAR") && out.contains("[rank 0] data parallel, 2 processes: 1 bucket,"),
                out);
        assertFalse(out.contains("[rank 1] fold 1"), "only rank 0 reports: " + out);
        Map<String, Object> result = json(straight.resolve("test.json"));
        assertEquals(14, result.get("samples"), "the shards' counts summed: every test clip once");
        assertEquals(List.of("checkpoint.json", "curves.png", "momentum-epoch-002.pt", "test-confusion.png", "test.json",
                "weights-epoch-002.pt"), Files.list(straight).map(p -> p.getFileName().toString()).sorted().toList());
        run("eval", "--checkpoint", straight.toString(), "--dataset", "dfew", "--root", data.toString(), "--fold", "1");
        assertEquals(result.get("confusion_matrix"), json(straight.resolve("eval.json")).get("confusion_matrix"),
                "the shards evaluated rank 0's model");

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")), Main.class.getName()));
        command.addAll(job);
        command.addAll(List.of("--out", killed.toString()));
        Process launcher = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("killed.log").toFile()).start();
        while (!(Checkpoint.exists(killed) && Checkpoint.load(killed).epoch() == 1)) {
            assertTrue(launcher.isAlive(), "the job ended before its first checkpoint: " + Files.readString(dir.resolve("killed.log")));
            Thread.sleep(20);
        }
        launcher.destroy();
        assertTrue(launcher.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, Checkpoint.load(killed).epoch(), "killed before its second epoch ended");

        run(args(job, "--out", killed.toString(), "--resume"));
        assertEquals(result, json(killed.resolve("test.json")));
        TensorVector a = Checkpoint.load(straight).loadModel(straight).parameters();
        TensorVector b = Checkpoint.load(killed).loadModel(killed).parameters();
        for (long i = 0; i < a.size(); i++) {
            assertTrue(torch.equal(a.get(i), b.get(i)), "parameter " + i);
        }
    }

    /**
     * Workers that fail: each one's one-line error comes back after its rank (its own, or, when its watchdog saw
     * the other's first, that one's), and the launcher names the failed rank and exits with its code.
     */
    @Test
    void aFailingJobReportsEachWorkersErrorAndItsExitCode() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        PrintStream savedOut = System.out, savedErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            PrintStream both = new PrintStream(out, true, StandardCharsets.UTF_8);
            System.setOut(both);
            System.setErr(both);
            code = Main.commandLine().execute("train", "--dataset", "dfew", "--root", empty.toString(), "--nproc", "2");
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        String text = out.toString(StandardCharsets.UTF_8), missing = empty.resolve("label").toString();
        for (int rank = 0; rank < 2; rank++) {
            assertTrue(text.contains("[rank " + rank + "] lf train: " + missing) || text.contains("[rank " + rank
                    + "] lf train: rank " + rank + ": stopping: another rank failed: rank " + (1 - rank)
                    + ": DatasetException: " + missing), text);
        }
        assertTrue(code == 2 || code == DistributedOptions.STOPPED_BY_PEER, text);
        assertTrue(text.matches("(?s).*lf: rank [01] exited with code " + code + "; the job failed.*"), text);
    }

    @Test
    void badInputIsOneLineNamingTheProblem() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(2, cli.execute("train", "--dataset", "dfew"));
        assertEquals("lf train: --root: required with --dataset dfew", err.toString().strip());
    }

    @Test
    void anUnknownPrecisionIsOneLine() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(2, cli.execute("train", "--precision", "fp16", "--out", dir.resolve("x").toString()));
        assertEquals("lf train: --precision: expected bf16 or fp32, got 'fp16'", err.toString().strip());
    }
}
