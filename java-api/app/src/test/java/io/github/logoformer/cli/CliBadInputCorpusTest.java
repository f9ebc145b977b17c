package io.github.logoformer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.github.logoformer.data.DfewDataset;
import io.github.logoformer.data.Ferv39kDataset;
import io.github.logoformer.data.Split;
import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.nn.ModelKind;
import io.github.logoformer.train.Checkpoint;
import io.github.logoformer.train.Sam;
import io.github.logoformer.train.TrainingOptions;
import io.github.logoformer.train.UpdateRule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Bad data sets and checkpoints through the command line: each one ends the command with status 2 and
 * one line on stderr, {@code lf <command>: <file>[:<line>]: <rule>}, and nothing is trained or written.
 * (The loaders' and the weights reader's own corpora, under the library's tests, hold many more cases.)
 */
class CliBadInputCorpusTest {
    @TempDir
    static Path dir;
    static Path data;
    static Path run;

    /** A tiny run's training command; the run folder is the fixture's checkpoint, saved after epoch 1 of 1. */
    private static String[] trainTiny(Path runDir) {
        return new String[] {"train", "--dataset", "dfew", "--root", data.toString(), "--preset", "small", "--frames", "4",
                "--frame-size", "32", "--backbone-width", "8", "--dim", "16", "--heads", "2", "--blocks", "1", "--epochs", "1",
                "--batch-size", "4", "--warmup-epochs", "0", "--out", runDir.toString()};
    }

    /** Breaks a fresh copy of the data set or of the run folder; returns the arguments of the command to run. */
    @FunctionalInterface
    private interface Breakage {
        String[] breakCopy(Path copy) throws IOException;
    }

    /** {@code expected}: what the line must state; " … " stands for anything between two parts. */
    private record Case(String name, boolean breaksTheRun, Breakage breakage, String expected) {}

    private static final List<Case> CASES = new ArrayList<>();

    private static void data(String name, String expected, Breakage breakage) {
        CASES.add(new Case(name, false, breakage, expected));
    }

    private static void checkpoint(String name, String expected, Breakage breakage) {
        CASES.add(new Case(name, true, breakage, expected));
    }

    @BeforeAll
    static void aDataSetAndARun() {
        data = dir.resolve("data");
        assertEquals(0, Main.commandLine().execute("synth", "--out", data.toString(), "--clips-per-class", "5",
                "--min-frames", "4", "--max-frames", "4", "--size", "32", "--seed", "5"));
        run = dir.resolve("run");
        // The model and options exactly as `lf train` builds them from these flags, so that --resume accepts the run.
        TrainCommand train = new TrainCommand();
        String[] args = trainTiny(run);
        new CommandLine(train).parseArgs(Arrays.copyOfRange(args, 1, args.length));  // without the command's name
        ModelKind kind = train.model.kind();
        ClipClassifier model = kind.build(train.model.config(false, 7));
        TrainingOptions options = train.training.options(TrainingOptions.DEFAULT);
        Checkpoint.save(run, kind, model, new Sam(model.parameters(), options.rho(),
                parameters -> UpdateRule.of(options, parameters)).state(), options, 1, List.of(), List.of());
    }

    private static String[] trainDfew(Path root) {
        return new String[] {"train", "--dataset", "dfew", "--root", root.toString(), "--epochs", "1", "--warmup-epochs", "0"};
    }

    private static String[] predict(Path runDir) {
        return new String[] {"predict", "--checkpoint", runDir.toString(), "--clip", DfewDataset.clipFolder(data, 1).toString()};
    }

    private static Path csv(Path root) {
        return DfewDataset.listFile(root, Split.TRAIN, 1);
    }

    /** Cuts the fold list to its header and first clip, then adds {@code badLine}: line 3 of the file. */
    private static String[] withThirdLine(Path root, byte[] badLine) throws IOException {
        List<String> lines = Files.readAllLines(csv(root));
        byte[] kept = (lines.get(0) + "\n" + lines.get(1) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(kept, kept.length + badLine.length);
        System.arraycopy(badLine, 0, all, kept.length, badLine.length);
        Files.write(csv(root), all);
        return trainDfew(root);
    }

    private static Path weights(Path runDir) {
        return Checkpoint.load(runDir).weightsPath(runDir);
    }

    private static String[] withJson(Path runDir, String from, String to) throws IOException {
        Path json = runDir.resolve(Checkpoint.FILE);
        String text = Files.readString(json);
        assertTrue(text.contains(from), from);
        Files.writeString(json, text.replace(from, to));
        return predict(runDir);
    }

    static {
        // Data sets (the command fails while loading, before any training).
        data("dfew: no fold lists", "cannot read the fold list", root -> {
            Files.delete(csv(root));
            return trainDfew(root);
        });
        data("dfew: unknown label", ":2: unknown label 9 (DFEW labels are 1 to 7)", root -> {
            Files.writeString(csv(root), "video_name,label\n1,9\n");
            return trainDfew(root);
        });
        data("dfew: a line not in UTF-8", ".csv:3: not UTF-8 text (byte 0xff at column 1)",
                root -> withThirdLine(root, new byte[] {(byte) 0xff, ',', '1', '\n'}));
        data("dfew: a NUL byte", ".csv:3: holds a NUL byte (column 2)",
                root -> withThirdLine(root, "2\0,1\n".getBytes(StandardCharsets.UTF_8)));
        data("dfew: a row twice", ".csv:3: clip … is listed twice (first at line 2)", root -> {
            String first = Files.readAllLines(csv(root)).get(1);
            return withThirdLine(root, (first + "\n").getBytes(StandardCharsets.UTF_8));
        });
        data("dfew: an absurd frame number", ".csv:2: video … _99999999999999999999.jpg: frame number 99999999999999999999 is out of range", root -> {
            String video = Files.readAllLines(csv(root)).get(1).split(",")[0];
            Path clip = DfewDataset.clipFolder(root, Integer.parseInt(video));
            Files.copy(clip.resolve(String.format("%05d_00001.jpg", Integer.parseInt(video))),
                    clip.resolve(String.format("%05d_99999999999999999999.jpg", Integer.parseInt(video))));
            return trainDfew(root);
        });
        data("dfew: a folder named like a frame", ".csv:2: video … _00005.jpg: named like a frame but a folder", root -> {
            String video = Files.readAllLines(csv(root)).get(1).split(",")[0];
            Files.createDirectory(DfewDataset.clipFolder(root, Integer.parseInt(video))
                    .resolve(String.format("%05d_00005.jpg", Integer.parseInt(video))));
            return trainDfew(root);
        });
        data("list: a clip outside the root", ":1: clip path '../elsewhere' is outside the data set root", root -> {
            Files.writeString(root.resolve("train.txt"), "../elsewhere 4 1\n");
            Files.writeString(root.resolve("test.txt"), "data/00001 4 1\n");
            return new String[] {"train", "--dataset", "list", "--root", root.toString()};
        });
        data("list: an absolute path", ":1: clip path '/etc' is outside the data set root", root -> {
            Files.writeString(root.resolve("train.txt"), "/etc 4 1\n");
            Files.writeString(root.resolve("test.txt"), "data/00001 4 1\n");
            return new String[] {"train", "--dataset", "list", "--root", root.toString()};
        });
        data("ferv39k: a clip outside the root", ":1: clip path '../../data' is outside the data set root", root -> {
            Path list = Ferv39kDataset.listFile(root, Split.TRAIN);
            Files.createDirectories(list.getParent());
            Files.writeString(list, "../../data Happy\n");
            return new String[] {"train", "--dataset", "ferv39k", "--root", root.toString()};
        });

        // Checkpoints (predict reads checkpoint.json, then the weights).
        checkpoint("no checkpoint.json", "checkpoint.json", runDir -> {
            Files.delete(runDir.resolve(Checkpoint.FILE));
            return predict(runDir);
        });
        checkpoint("checkpoint.json empty", "checkpoint.json: ", runDir -> {
            Files.write(runDir.resolve(Checkpoint.FILE), new byte[0]);
            return predict(runDir);
        });
        checkpoint("checkpoint.json cut in half", "checkpoint.json: line ", runDir -> {
            Path json = runDir.resolve(Checkpoint.FILE);
            byte[] bytes = Files.readAllBytes(json);
            Files.write(json, Arrays.copyOf(bytes, bytes.length / 2));
            return predict(runDir);
        });
        checkpoint("checkpoint.json not UTF-8", "checkpoint.json: ", runDir -> {
            Path json = runDir.resolve(Checkpoint.FILE);
            Files.write(json, Files.readString(json).replace("logoformer", "logo\u00ffformer").getBytes(StandardCharsets.ISO_8859_1));
            return predict(runDir);
        });
        int next = Checkpoint.FORMAT + 1;
        checkpoint("an unknown format", "expected a checkpoint of format " + Checkpoint.FORMAT
                + " … (what this version reads), got format " + next,
                runDir -> withJson(runDir, "\"format\" : " + Checkpoint.FORMAT, "\"format\" : " + next));
        checkpoint("weights outside the run folder", "weights_file: expected a file name in the run folder, got '../run/x.pt'",
                runDir -> withJson(runDir, "\"weights-epoch-001.pt\"", "\"../run/x.pt\""));
        checkpoint("weights at an absolute path", "weights_file: expected a file name in the run folder, got '/etc/passwd'",
                runDir -> withJson(runDir, "\"weights-epoch-001.pt\"", "\"/etc/passwd\""));
        checkpoint("weights missing", "weights-epoch-001.pt: weights file not found", runDir -> {
            Files.delete(weights(runDir));
            return predict(runDir);
        });
        checkpoint("weights empty", "weights-epoch-001.pt: not a LibTorch archive", runDir -> {
            Files.write(weights(runDir), new byte[0]);
            return predict(runDir);
        });
        checkpoint("weights truncated", "weights-epoch-001.pt: not a LibTorch archive", runDir -> {
            byte[] bytes = Files.readAllBytes(weights(runDir));
            Files.write(weights(runDir), Arrays.copyOf(bytes, bytes.length * 2 / 3));
            return predict(runDir);
        });
        checkpoint("weights garbage", "weights-epoch-001.pt: not a LibTorch archive", runDir -> {
            Files.writeString(weights(runDir), "these are not weights\n");
            return predict(runDir);
        });
        checkpoint("weights with a flipped bit", "weights-epoch-001.pt: damaged LibTorch archive", runDir -> {
            byte[] bytes = Files.readAllBytes(weights(runDir));
            bytes[bytes.length / 2] ^= 0x10;
            Files.write(weights(runDir), bytes);
            return predict(runDir);
        });
        checkpoint("momentum damaged on resume", "momentum-epoch-001.pt: not a LibTorch archive", runDir -> {
            Path momentum = runDir.resolve("momentum-epoch-001.pt");
            Files.write(momentum, Arrays.copyOf(Files.readAllBytes(momentum), 100));
            return concat(trainTiny(runDir), new String[] {"--resume"});
        });
    }

    @TestFactory
    Stream<DynamicTest> everyBadDataSetOrCheckpointEndsTheCommandWithOneLineNamingTheFile() {
        return CASES.stream().map(c -> dynamicTest(c.name(), () -> {
            Path copy = dir.resolve("case-" + CASES.indexOf(c));
            copyTree(c.breaksTheRun() ? run : data, copy);
            String[] args = c.breakage().breakCopy(copy);
            StringWriter err = new StringWriter();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int status = execute(args, err, out);
            String line = err.toString().strip();
            assertEquals(2, status, "lf " + String.join(" ", args) + ": " + err + out);
            assertTrue(line.startsWith("lf " + args[0] + ": ") && !line.contains("\n"), "one line: " + line);
            assertTrue(line.contains(copy.toString()), "names the file: " + line);
            assertTrue(statesInOrder(line, c.expected()), "states '" + c.expected() + "': " + line);
            assertTrue(!out.toString(StandardCharsets.UTF_8).contains("epoch 1"), "nothing was trained");
        }));
    }

    @Test
    void theUnbrokenRunPredicts() throws IOException {
        Path copy = dir.resolve("unbroken-run");
        copyTree(run, copy);
        StringWriter err = new StringWriter();
        assertEquals(0, execute(predict(copy), err, new ByteArrayOutputStream()), err::toString);
    }

    /** Whether line holds the parts of expected between its "…" (anything) in order. */
    private static boolean statesInOrder(String line, String expected) {
        int at = 0;
        for (String part : expected.split(" … ", -1)) {
            at = line.indexOf(part, at);
            if (at < 0) {
                return false;
            }
            at += part.length();
        }
        return true;
    }

    private static int execute(String[] args, StringWriter err, ByteArrayOutputStream out) {
        PrintStream saved = System.out;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            var cli = Main.commandLine();
            cli.setErr(new PrintWriter(err, true));
            return cli.execute(args);
        } finally {
            System.setOut(saved);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
