package io.github.logoformer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.train.Checkpoint;
import io.github.logoformer.train.EpochRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.bytedeco.pytorch.TensorVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lf train} killed with SIGKILL (no shutdown hook, no finally block runs), then resumed with
 * {@code --resume}, ends with exactly the weights, losses and test result of a run that was never killed.
 * Each run is a separate JVM, as a user's would be.
 */
class KilledTrainingTest {
    @TempDir
    Path dir;

    /**
     * Three epochs of seven batches of a LOGO-Former with dropout and drop-path (the design preset's, at tiny
     * sizes; the small preset has none) and SAM (both passes; the default has none).
     */
    private List<String> train(Path data, Path out, boolean resume) {
        List<String> args = new ArrayList<>(List.of("train", "--dataset", "dfew", "--root", data.toString(), "--fold", "1",
                "--preset", "design", "--rho", "0.05", "--frames", "4", "--frame-size", "32", "--backbone-width", "8", "--dim", "16",
                "--heads", "2", "--blocks", "1", "--epochs", "3", "--batch-size", "4", "--warmup-epochs", "1",
                "--workers", "1", "--out", out.toString()));
        if (resume) {
            args.add("--resume");
        }
        return args;
    }

    /** A child JVM running {@code lf ARGS} on this test's class path; its output is collected as it comes. */
    private static final class Child {
        final Process process;
        final StringBuilder output = new StringBuilder();
        private final Thread reader;

        Child(List<String> args) throws IOException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                    Main.class.getName()));
            command.addAll(args);
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
            reader = new Thread(() -> {
                try (InputStream in = process.getInputStream()) {
                    byte[] buffer = new byte[4096];
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        synchronized (output) {
                            output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                            output.notifyAll();
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            reader.start();
        }

        /** Waits (up to 5 minutes) until the output so far satisfies {@code seen}. */
        void awaitOutput(Predicate<String> seen) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            synchronized (output) {
                while (!seen.test(output.toString())) {
                    assertTrue(process.isAlive() && System.nanoTime() < deadline, "the run ended or timed out first:\n" + output);
                    output.wait(100);
                }
            }
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();  // SIGKILL on Linux
            assertTrue(process.waitFor(1, TimeUnit.MINUTES));
            assertEquals(137, process.exitValue(), "killed by signal 9");
        }

        String finish() throws InterruptedException {
            assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the run did not end");
            reader.join();
            assertEquals(0, process.exitValue(), output::toString);
            return output.toString();
        }
    }

    @Test
    void aRunKilledMidEpochAndMidCheckpointResumesToTheUninterruptedRunsWeights() throws Exception {
        Path data = dir.resolve("data"), straight = dir.resolve("straight"), killed = dir.resolve("killed");
        Main.commandLine().execute("synth", "--out", data.toString(), "--clips-per-class", "5", "--min-frames", "4",
                "--max-frames", "6", "--size", "32", "--seed", "3");
        new Child(train(data, straight, false)).finish();

        // 1. Killed in the middle of an epoch, once epoch 1 has ended (its test pass and checkpoint may run
        //    beside epoch 2, so the kill comes at the first batch shown after epoch 1's line).
        Child first = new Child(train(data, killed, false));
        first.awaitOutput(Pattern.compile("epoch 1/3 loss[^\\n]*\\n[\\s\\S]*epoch [23]/3 \\[[#.]+\\] [0-9]+/").asPredicate());
        first.kill();
        int afterFirstKill = Checkpoint.load(killed).epoch();
        assertTrue(afterFirstKill == 1 || afterFirstKill == 2, "a mid-epoch kill keeps the last whole checkpoint: epoch "
                + afterFirstKill);

        // 2. Resumed, and killed again as soon as a checkpoint file is being written (epoch 2's weights).
        Child second;
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            killed.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            second = new Child(train(data, killed, true));
            killWhenATemporaryFileAppears(watch, second);
        }
        int saved = Checkpoint.load(killed).epoch();
        assertTrue(saved == afterFirstKill || saved == afterFirstKill + 1,
                "checkpoint.json names a complete state: epoch " + saved + " after epoch " + afterFirstKill);

        // 3. Resumed to the end.
        new Child(train(data, killed, true)).finish();
        try (var files = Files.list(killed)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertTrue(names.stream().noneMatch(n -> n.endsWith(".tmp")), "no temporary file is left: " + names);
        }
        Checkpoint a = Checkpoint.load(straight), b = Checkpoint.load(killed);
        assertEquals(3, b.epoch());
        for (int e = 0; e < 3; e++) {
            EpochRecord x = a.history().get(e), y = b.history().get(e);
            assertEquals(x.trainLoss(), y.trainLoss(), "epoch " + (e + 1) + " training loss, exactly");
            assertEquals(x.testUar(), y.testUar(), "epoch " + (e + 1) + " test UAR");
        }
        assertSameWeights(a.loadModel(straight), b.loadModel(killed));
        assertEquals(Files.readString(straight.resolve("test.json")), Files.readString(killed.resolve("test.json")));
    }

    /** Kills {@code child} on the first temporary file created in the run folder, or when epoch 2 is saved. */
    private static void killWhenATemporaryFileAppears(WatchService watch, Child child) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            WatchKey key = watch.poll(10, TimeUnit.MILLISECONDS);
            boolean temporary = false;
            if (key != null) {
                temporary = key.pollEvents().stream().anyMatch(event -> event.context().toString().endsWith(".tmp"));
                key.reset();
            }
            boolean epochSaved;
            synchronized (child.output) {
                epochSaved = child.output.indexOf("epoch 2/3") >= 0;
            }
            if (temporary || epochSaved) {
                child.kill();
                return;
            }
            assertTrue(child.process.isAlive(), "the run ended first:\n" + child.output);
        }
        throw new AssertionError("no checkpoint write within 5 minutes:\n" + child.output);
    }

    private static void assertSameWeights(ClipClassifier a, ClipClassifier b) {
        TensorVector pa = a.parameters(), pb = b.parameters();
        assertEquals(pa.size(), pb.size());
        for (long i = 0; i < pa.size(); i++) {
            assertTrue(pa.get(i).equal(pb.get(i)), "parameter " + i + " differs");
        }
    }
}
