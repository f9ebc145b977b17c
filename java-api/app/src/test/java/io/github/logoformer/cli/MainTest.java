package io.github.logoformer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.nn.Precision;
import io.github.logoformer.nn.PyTorchWeights;
import io.github.logoformer.nn.ResNet18Trunk;
import io.github.logoformer.run.JsonFiles;
import io.github.logoformer.torchfile.TorchFileWriter;
import io.github.logoformer.train.Checkpoint;
import io.github.logoformer.video.VideoFixtures;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line end to end on small synthetic sets: synth, train until the model beats chance, eval,
 * predict (a clip folder, a rendered video), cv, and errors.
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

    private Path synth(String name, int clipsPerClass, int size) {
        Path data = dir.resolve(name);
        run("synth", "--out", data.toString(), "--clips-per-class", Integer.toString(clipsPerClass), "--min-frames", "4",
                "--max-frames", "6", "--size", Integer.toString(size), "--seed", "3");
        return data;
    }

    /** A LOGO-Former small enough to learn the synthetic faces within a minute on 2 cores: 4 frames of S x S. */
    private static List<String> tinyModel(int size) {
        return List.of("--preset", "small", "--frames", "4", "--frame-size", Integer.toString(size), "--backbone-width", "8",
                "--dim", "32", "--heads", "2", "--blocks", "1");
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
     * 672 training and 168 test clips of 48 x 48 (at 32 x 32 the features are a pixel wide and the tiny model
     * learns half as fast); 16 epochs of the default recipe (AdamW, no SAM) at lr 2e-3, in the machine's
     * default precision, as {@code ./lf train} runs: bfloat16 (autocast) where the CPU has bfloat16 dot
     * products, else float32 (bfloat16 without them is emulated, and this test took 127 s instead of under a
     * minute on an AVX2 EPYC). Measured through this test (AMX CPU, two threads, bfloat16): with training
     * crops of 80-100 % of the frame 50.0-69.6 % over epochs 10-16, 69.05 % at the end (with 60-100 % crops:
     * 52.4-59.5 %); a one-thread probe in float32 (60-100 % crops) tested at 49.4-56.5 % over epochs 10-14.
     * The bound, three times chance (42.9 %), is 6.5 points under the lowest of those.
     */
    @Test
    void trainingInTheDefaultPrecisionLearnsThenEvalAndPredictUseTheCheckpoint() throws Exception {
        Path data = synth("data", 120, 48), runDir = dir.resolve("run");
        String precision = Precision.machineDefault().id();
        String trained = run(args("train", "--dataset", "dfew", "--root", data.toString(), "--fold", "1", tinyModel(48),
                "--epochs", "16", "--lr", "0.002", "--out", runDir.toString()));
        assertTrue(trained.contains("(fused ops, " + precision + ", "), trained);
        Map<String, Object> result = json(runDir.resolve("test.json"));
        assertEquals(168, result.get("samples"));
        double uar = (Double) result.get("uar");
        assertTrue(uar >= 3 * CHANCE, "test UAR " + uar + " after 16 epochs; chance is " + CHANCE);
        assertTrue(Files.size(runDir.resolve("curves.png")) > 0 && Files.size(runDir.resolve("test-confusion.png")) > 0);

        String eval = run("eval", "--checkpoint", runDir.toString(), "--dataset", "dfew", "--root", data.toString(), "--fold", "1");
        Map<String, Object> evaluated = json(runDir.resolve("eval.json"));
        assertEquals(result.get("war"), evaluated.get("war"), "eval repeats the run's final test, in the run's precision");
        assertEquals(precision, evaluated.get("precision"), evaluated.toString());
        assertTrue(eval.contains("Happy"), eval);
        String other = precision.equals("bf16") ? "fp32" : "bf16";
        run("eval", "--checkpoint", runDir.toString(), "--dataset", "dfew", "--root", data.toString(), "--fold", "1",
                "--precision", other, "--out", dir.resolve("eval-" + other).toString());
        double otherWar = (Double) json(dir.resolve("eval-" + other).resolve("eval.json")).get("war");
        assertEquals((Double) result.get("war"), otherWar, 0.1, "the trained weights in the other precision");

        String predicted = run("predict", "--checkpoint", runDir.toString(), "--clip", data.resolve("data/00001").toString());
        assertEquals(7, predicted.strip().lines().count(), predicted);

        Path exported = dir.resolve("export/model.pt");
        Files.createDirectories(exported.getParent());
        run("export", "--checkpoint", runDir.toString(), "--out", exported.toString());
        Map<String, Object> description = json(dir.resolve("export/model.json"));
        assertEquals("logoformer", description.get("kind"));
        assertEquals(json(runDir.resolve("checkpoint.json")).get("config"), description.get("config"));
        // A state dict does not record the precision the run trained in: name it.
        run(args("eval", "--weights", exported.toString(), tinyModel(48), "--precision", precision, "--dataset", "dfew", "--root",
                data.toString()));
        assertEquals(result.get("war"), json(dir.resolve("export/eval.json")).get("war"), "the exported weights are the run's");
        assertEquals(predicted, run(args("predict", "--weights", exported.toString(), tinyModel(48), "--precision", precision,
                "--clip", data.resolve("data/00001").toString())));
        explainAndTsneUseTheCheckpoint(data, runDir, 168);
    }

    /** Runs a command that must fail with exit code 2; its one-line message. */
    private String runFailing(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(2, cli.execute(args), String.join(" ", args));
        String message = err.toString().strip();
        assertEquals(1, message.lines().count(), message);
        return message;
    }

    @Test
    @SuppressWarnings("unchecked")
    void trainingStartsFromAPretrainedTrunkStrictlyUnlessRelaxedAndResumesOnlyWithTheSameFile() throws Exception {
        Path data = synth("data", 5, 32), runDir = dir.resolve("pretrained"), backbone = dir.resolve("resnet18-tiny.pt");
        Map<String, Tensor> wrapped = new LinkedHashMap<>();  // as nn.DataParallel(resnet).state_dict() would name it
        torch.manual_seed(9);
        PyTorchWeights.stateDict(new ResNet18Trunk(8)).forEach((name, tensor) -> wrapped.put("module." + name, tensor));
        wrapped.put("module.fc.weight", torch.randn(1000, 256));
        TorchFileWriter.write(backbone, wrapped);
        List<String> common = List.of("train", "--dataset", "dfew", "--root", data.toString(), "--epochs", "1",
                "--warmup-epochs", "0", "--out", runDir.toString());

        String out = run(args(common, tinyModel(32), "--backbone-weights", backbone.toString()));
        assertTrue(out.contains(backbone + ": loaded 90 tensors into the ResNet-18 trunk (width 8; pretrained ResNet-18s have"
                + " 64) from the top-level dict, without the prefix 'module.'; ignored 1 outside it (fc.*)"), out);
        List<Object> start = (List<Object>) json(runDir.resolve("checkpoint.json")).get("starting_weights");
        assertEquals(1, start.size());
        Map<String, Object> recorded = (Map<String, Object>) start.get(0);
        assertEquals("backbone", recorded.get("part"));
        assertEquals(64, ((String) recorded.get("sha256")).length());

        String again = runFailing(args(common, tinyModel(32), "--resume"));
        assertTrue(again.startsWith("lf train: " + runDir.resolve("checkpoint.json") + " is a checkpoint of another run"), again);
        String resumed = run(args(common, tinyModel(32), "--backbone-weights", backbone.toString(), "--resume"));
        assertFalse(resumed.contains("loss"), "the finished run is only evaluated: " + resumed);

        wrapped.remove("module.layer3.1.bn2.running_var");
        Path partial = dir.resolve("resnet18-partial.pt");
        TorchFileWriter.write(partial, wrapped);
        List<String> lenient = List.of(args(common.subList(0, common.size() - 1), dir.resolve("lenient").toString(),
                tinyModel(32), "--backbone-weights", partial.toString()));
        assertTrue(runFailing(args(lenient)).startsWith("lf train: " + partial + ": 1 tensor of the ResNet-18"
                + " trunk (width 8; pretrained ResNet-18s have 64) not in the file: layer3.1.bn2.running_var (load leniently"),
                "strict by default");
        String relaxed = run(args(lenient, "--no-strict-weights"));
        assertTrue(relaxed.contains("; missing, kept as they were: layer3.1.bn2.running_var"), relaxed);

        Path notes = Files.writeString(dir.resolve("notes.txt"), "not weights");
        assertEquals("lf train: " + notes + ": not a torch.save file: neither a zip archive (PyTorch 1.6+) nor a pickle"
                + " (older PyTorch)", runFailing(args(common.subList(0, common.size() - 1), dir.resolve("other").toString(),
                tinyModel(32), "--backbone-weights", notes.toString())));
    }

    /** A video through a checkpoint of one epoch (the pipeline, not the accuracy): the summary, the files, an error line. */
    @Test
    void predictOnAVideoPrintsTheSummaryAndWritesTheTimeline() throws Exception {
        Path runDir = VideoFixtures.tinyCheckpoint(dir.resolve("tiny-data"), dir.resolve("tiny-run"));
        Path video = VideoFixtures.faceVideo(dir.resolve("face.mp4"), "mp4", "mpeg4", 240, 320, 30, null, 90, 5).file();
        Path timeline = dir.resolve("timeline"), annotated = dir.resolve("annotated.mp4");
        String fromVideo = run("predict", "--checkpoint", runDir.toString(), "--video", video.toString(), "--window", "1",
                "--stride", "0.5", "--out", timeline.toString(), "--annotate", annotated.toString());
        List<String> lines = fromVideo.strip().lines().toList();
        assertTrue(lines.get(0).startsWith(video + ": 30 frames, ") && lines.get(0).contains("240x320 (turned 90 degrees)"), lines.get(0));
        assertEquals(7, lines.stream().filter(l -> l.matches("\\w+ +0\\.\\d{4}")).count(), fromVideo);
        assertTrue(lines.get(lines.size() - 1).startsWith("time per second of video: decode "), fromVideo);
        for (String file : List.of("face.timeline.json", "face.timeline.csv", "face.timeline.png")) {
            assertTrue(Files.size(timeline.resolve(file)) > 0, file);
        }
        assertTrue(Files.size(annotated) > 0);
        assertEquals("lf predict: " + dir.resolve("none.mp4") + ": no such file",
                runFailing("predict", "--checkpoint", runDir.toString(), "--video", dir.resolve("none.mp4").toString()));
    }

    /** explain on one window of a rendered video: the files and where the frames came from; a faceless video is one line. */
    @Test
    @SuppressWarnings("unchecked")
    void explainOnAVideoWritesTheFiguresOfTheWindowAtTheTime() throws Exception {
        Path runDir = VideoFixtures.tinyCheckpoint(dir.resolve("tiny-data"), dir.resolve("tiny-run"));
        Path video = VideoFixtures.faceVideo(dir.resolve("face.mkv"), "matroska", "mjpeg", 320, 240, 30, null, 0, 5).file();
        Path explained = dir.resolve("explain-video");
        String printed = run("explain", "--checkpoint", runDir.toString(), "--video", video.toString(), "--window", "1",
                "--stride", "0.5", "--at", "0.6", "--out", explained.toString());
        Map<String, Object> explanation = json(explained.resolve("explain.json"));
        String clip = explanation.get("clip").toString();
        assertTrue(clip.matches(Pattern.quote(video + ", window 1 of ") + "\\d+ \\(0\\.00-1\\.00 s\\)"),
                "of the windows at 0 and 0.5 s, the first is centred nearer to 0.6 s: " + clip);
        assertTrue(printed.contains(" on " + clip + "; wrote "), printed);
        List<Integer> frames = (List<Integer>) explanation.get("frame_indices");
        assertEquals(4, frames.size());
        assertTrue(frames.get(0) >= 1 && frames.get(3) <= 30, frames.toString());
        for (String png : List.of("gradcam.png", "frame-importance.png", "attention.png")) {
            assertTrue(ImageIO.read(explained.resolve(png).toFile()).getWidth() > 0, png);
        }
        Path empty = VideoFixtures.faceVideo(dir.resolve("empty-room.mkv"), "matroska", "mjpeg", 320, 240, 20, new boolean[20], 0, 4).file();
        assertTrue(runFailing("explain", "--checkpoint", runDir.toString(), "--video", empty.toString(), "--out",
                dir.resolve("explain-empty").toString()).startsWith("lf explain: " + empty + ": no face found in any of the 20 frames read"));
        assertFalse(Files.exists(dir.resolve("explain-empty")), "nothing written");
        assertEquals("lf explain: --at: a time in a video; it goes with --video", runFailing("explain", "--checkpoint",
                runDir.toString(), "--clip", explained.toString(), "--at", "1", "--out", explained.toString()));
    }


    /** explain and tsne on the trained checkpoint: the files, their sizes and contents. */
    @SuppressWarnings("unchecked")
    private void explainAndTsneUseTheCheckpoint(Path data, Path runDir, int testClips) throws Exception {
        Path explained = dir.resolve("explain");
        run("explain", "--checkpoint", runDir.toString(), "--clip", data.resolve("data/00001").toString(), "--out",
                explained.toString(), "--class", "happy", "--layer", "layer2");
        Map<String, Object> explanation = json(explained.resolve("explain.json"));
        assertEquals("Happy", explanation.get("explained_class"));
        assertEquals("layer2", explanation.get("gradcam_layer"));
        List<Double> importance = (List<Double>) explanation.get("frame_importance");
        assertEquals(4, importance.size());
        assertEquals(1, importance.stream().mapToDouble(Double::doubleValue).sum(), 1e-5);
        assertEquals(List.of("block 0 global"), explanation.get("attention_layers"));
        BufferedImage gradCam = ImageIO.read(explained.resolve("gradcam.png").toFile());
        BufferedImage attention = ImageIO.read(explained.resolve("attention.png").toFile());
        assertTrue(gradCam.getWidth() > 4 * 112 && gradCam.getHeight() > 2 * 112, gradCam.getWidth() + "x" + gradCam.getHeight());
        assertEquals(gradCam.getHeight(), attention.getHeight(), "one map row each");
        assertTrue(ImageIO.read(explained.resolve("frame-importance.png").toFile()).getWidth() > 0);

        Path tsne = dir.resolve("tsne");
        run("tsne", "--checkpoint", runDir.toString(), "--checkpoint", runDir.toString(), "--dataset", "dfew", "--root",
                data.toString(), "--fold", "1", "--iterations", "300", "--out", tsne.toString());
        List<Map<String, Object>> plots = (List<Map<String, Object>>) json(tsne.resolve("tsne.json")).get("plots");
        assertEquals(2, plots.size());
        assertEquals(testClips, plots.get(0).get("clips"));
        assertEquals(plots.get(0).get("silhouette_features"), plots.get(1).get("silhouette_features"), "same checkpoint twice");
        assertEquals(1 + 2 * testClips, Files.readAllLines(tsne.resolve("tsne.csv")).size());
        BufferedImage scatter = ImageIO.read(tsne.resolve("tsne.png").toFile());
        assertTrue(scatter.getWidth() > scatter.getHeight(), "two plots side by side");

        assertEquals("lf explain: --class: expected one of Happy, Sad, Neutral, Angry, Surprise, Disgust, Fear, got 'Bored'",
                runFailing("explain", "--checkpoint", runDir.toString(), "--clip", data.resolve("data/00001").toString(),
                        "--out", explained.toString(), "--class", "Bored"));
        assertEquals("lf explain: --layer: expected one of layer1, layer2, layer3, got 'layer4'",
                runFailing("explain", "--checkpoint", runDir.toString(), "--clip", data.resolve("data/00001").toString(),
                        "--out", explained.toString(), "--layer", "layer4"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void crossValidationTrainsEveryFoldAndAveragesThem() throws Exception {
        Path data = synth("data", 5, 32), out = dir.resolve("cv");
        run(args("cv", "--dataset", "dfew", "--root", data.toString(), tinyModel(32), "--epochs", "1", "--warmup-epochs", "0", "--out", out.toString()));
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

        String again = run(args("cv", "--dataset", "dfew", "--root", data.toString(), tinyModel(32), "--epochs", "1", "--warmup-epochs", "0", "--out",
                out.toString()));
        assertEquals(cv, json(out.resolve("cv.json")), "re-running finished folds resumes them without training");
        assertFalse(again.contains("loss"), again);
    }

    /**
     * A MAFW tree made from a small synthetic set: its clip folders as {@code data/frames/NNNNN}, its fold-1
     * lists rewritten as MAFW's {@code NNNNN.mp4 name} lines (DFEW label l as MAFW class l - 1's name).
     */
    private Path mafwFromSynthetic(Path synthetic) throws Exception {
        Path mafw = dir.resolve("mafw");
        List<String> names = List.of("anger", "disgust", "fear", "happiness", "neutral", "sadness", "surprise");
        for (String split : List.of("train", "test")) {
            List<String> rows = Files.readAllLines(synthetic.resolve("label/single_" + split + "set_1.csv"));
            List<String> lines = new ArrayList<>();
            for (String row : rows.subList(1, rows.size())) {
                String[] fields = row.split(",");
                String clip = String.format("%05d", Integer.parseInt(fields[0]));
                Path to = Files.createDirectories(mafw.resolve("data/frames").resolve(clip));
                try (var frames = Files.list(synthetic.resolve("data").resolve(clip))) {
                    for (Path frame : frames.toList()) {
                        Files.copy(frame, to.resolve(frame.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                lines.add(clip + ".mp4 " + names.get(Integer.parseInt(fields[1]) - 1));
            }
            Path list = Files.createDirectories(mafw.resolve("Train & Test Set/single/no_caption/set_1")).resolve(split + ".txt");
            Files.write(list, lines);
        }
        return mafw;
    }

    @Test
    @SuppressWarnings("unchecked")
    void mafwTrainsAnElevenClassModelThatEvalAndPredictName() throws Exception {
        Path mafw = mafwFromSynthetic(synth("data", 5, 32)), runDir = dir.resolve("mafw-run");
        run(args("train", "--dataset", "mafw", "--root", mafw.toString(), tinyModel(32), "--epochs", "1", "--warmup-epochs", "0",
                "--out", runDir.toString()));
        Map<String, Object> result = json(runDir.resolve("test.json"));
        assertEquals(7, result.get("samples"));
        List<String> classes = (List<String>) result.get("classes");
        assertEquals(11, classes.size());
        assertEquals(List.of("Anger", "Happiness", "Disappointment"), List.of(classes.get(0), classes.get(3), classes.get(10)));

        String eval = run("eval", "--checkpoint", runDir.toString(), "--dataset", "mafw", "--root", mafw.toString());
        assertTrue(eval.contains("Helplessness"), eval);
        String predicted = run("predict", "--checkpoint", runDir.toString(), "--clip", mafw.resolve("data/frames/00001").toString());
        assertEquals(11, predicted.strip().lines().count(), predicted);

        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(2, cli.execute("eval", "--checkpoint", runDir.toString(), "--dataset", "dfew", "--root", dir.resolve("data").toString()));
        assertEquals("lf eval: --dataset: dfew has 7 classes; the model in " + runDir + " predicts 11", err.toString().strip());
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
        Path data = synth("data", 8, 32), straight = dir.resolve("straight"), killed = dir.resolve("killed");
        List<String> job = List.of(args("train", "--dataset", "dfew", "--root", data.toString(), "--fold", "1", tinyModel(32),
                "--epochs", "2", "--warmup-epochs", "0", "--batch-size", "41", "--optimizer", "sgd", "--lr", "0.1", "--rho", "0.05",
                "--nproc", "2"));
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
        assertEquals("lf train: --root: required with --dataset dfew", runFailing("train", "--dataset", "dfew"));
        assertEquals("lf train: --threads: expected >= 1, got 0", runFailing("train", "--threads", "0"));
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
