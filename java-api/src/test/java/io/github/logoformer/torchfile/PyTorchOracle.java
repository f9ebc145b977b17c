package io.github.logoformer.torchfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * PyTorch itself as the oracle of the interop tests: {@code /usr/bin/python3} (or {@code -Dlogoformer.python})
 * with torch and torchvision (Debian: {@code apt-get install python3-torch python3-torchvision}), running
 * the scripts in {@code src/test/resources/torch}. Where they are missing the tests are skipped, saying
 * so, except under {@code CI=true} (set by {@code .ci/run}), where a missing PyTorch fails them.
 */
public final class PyTorchOracle {
    private static final Path PYTHON = Path.of(System.getProperty("logoformer.python", "/usr/bin/python3"));
    private static final long TIMEOUT_SECONDS = 300;
    private static String unavailable;  // why not, or "" when available; null until probed
    private static Path fixtures;

    private PyTorchOracle() {}

    /** Skips the calling test when PyTorch cannot be run here (fails it under CI=true). */
    public static synchronized void require() {
        if (unavailable == null) {
            unavailable = probe();
        }
        if (unavailable.isEmpty()) {
            return;
        }
        String reason = "PyTorch oracle unavailable: " + unavailable
                + " (Debian: apt-get install python3-torch python3-torchvision)";
        if ("true".equals(System.getenv("CI"))) {
            fail(reason + "; CI=true requires it");
        }
        Assumptions.abort(reason);
    }

    private static String probe() {
        if (!Files.isExecutable(PYTHON)) {
            return PYTHON + " is missing";
        }
        try {
            Result result = exec(List.of(PYTHON.toString(), "-c", "import torch, torchvision"), 60);
            return result.code == 0 ? "" : PYTHON + " cannot import torch and torchvision: " + lastLine(result.output);
        } catch (IOException e) {
            return PYTHON + " does not run: " + e.getMessage();
        }
    }

    /** Runs {@code script} (a file of src/test/resources/torch) with {@code args}; fails the test with its output when it fails. */
    public static String run(String script, Object... args) {
        require();
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), script(script).toString()));
        for (Object arg : args) {
            command.add(arg.toString());
        }
        try {
            Result result = exec(command, TIMEOUT_SECONDS);
            assertEquals(0, result.code, String.join(" ", command) + " failed:\n" + result.output);
            return result.output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files write_fixtures.py writes, made once per test JVM. */
    public static synchronized Path fixtures() {
        require();
        if (fixtures == null) {
            try {
                Path folder = Files.createTempDirectory("torch-fixtures");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(folder)));
                run("write_fixtures.py", folder);
                fixtures = folder;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return fixtures;
    }

    private static Path script(String name) {
        try {
            return Path.of(PyTorchOracle.class.getResource("/torch/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("no test resource torch/" + name, e);
        }
    }

    private record Result(int code, String output) {}

    private static Result exec(List<String> command, long timeoutSeconds) throws IOException {
        Path log = Files.createTempFile("python", ".log");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out after " + timeoutSeconds + " s:\n" + Files.readString(log));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String lastLine(String text) {
        List<String> lines = text.strip().lines().toList();
        return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
    }

    private static void deleteTree(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder: nothing more to do
        }
    }
}
