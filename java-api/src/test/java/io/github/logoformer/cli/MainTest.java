package io.github.logoformer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.train.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line end to end on a tiny synthetic set: synth, train, eval, predict, errors. The model is
 * too small and trains too briefly here to learn (the main job's measured accuracy is in the README).
 */
class MainTest {
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

    @Test
    @SuppressWarnings("unchecked")
    void synthTrainEvalAndPredictRunEndToEnd() throws Exception {
        Path data = dir.resolve("data"), runDir = dir.resolve("run");
        run("synth", "--out", data.toString(), "--clips-per-class", "20", "--min-frames", "8", "--max-frames", "12",
                "--size", "48", "--seed", "3");
        run("train", "--dataset", "dfew", "--root", data.toString(), "--fold", "1", "--preset", "small",
                "--frames", "8", "--frame-size", "48", "--backbone-width", "8", "--dim", "32", "--heads", "2",
                "--blocks", "1", "--epochs", "3", "--batch-size", "16", "--out", runDir.toString());
        Map<String, Object> result = (Map<String, Object>) Json.parse(Files.readString(runDir.resolve("test.json")), runDir);
        assertEquals(28.0, result.get("samples"));
        assertTrue(Files.size(runDir.resolve("curves.png")) > 0 && Files.size(runDir.resolve("test-confusion.png")) > 0);

        String eval = run("eval", "--checkpoint", runDir.toString(), "--dataset", "dfew", "--root", data.toString(), "--fold", "1");
        Map<String, Object> evaluated = (Map<String, Object>) Json.parse(Files.readString(runDir.resolve("eval.json")), runDir);
        assertEquals(result.get("war"), evaluated.get("war"), "eval repeats the run's final test");
        assertTrue(eval.contains("Happy"), eval);

        String predicted = run("predict", "--checkpoint", runDir.toString(), "--clip", data.resolve("data/00001").toString());
        assertEquals(7, predicted.strip().lines().count(), predicted);
    }

    @Test
    void badInputIsOneLineNamingTheProblem() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(2, cli.execute("train", "--dataset", "dfew"));
        assertEquals("lf train: --root: required with --dataset dfew", err.toString().strip());
    }
}
