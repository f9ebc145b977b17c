package io.github.logoformer.dist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Starts the ranks of a job as separate JVMs running {@link DataParallelWorker} on 127.0.0.1, with a free port. */
final class WorkerJvms {
    private WorkerJvms() {}

    /** One started rank: its process and the file that collects its output. */
    record Rank(int rank, Process process, Path log) {
        String output() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Waits for the exit within {@code seconds}, killing the JVM if it is still running; the exit code. */
        int exit(long seconds) throws InterruptedException {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("rank " + rank + " still ran after " + seconds + " s:\n" + output());
            }
            return process.exitValue();
        }

        /** Waits until the output holds {@code text}, for at most {@code seconds}. */
        void awaitOutput(String text, long seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (!output().contains(text)) {
                if (System.nanoTime() > deadline || !process.isAlive() && !output().contains(text)) {
                    throw new AssertionError("rank " + rank + " did not print '" + text + "':\n" + output());
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * Starts ranks 0 to {@code world - 1} of a job of {@code world} processes, each {@code java ... DataParallelWorker
     * args} with one OpenMP thread unless {@code env} says otherwise; a world of 1 gets no job variables.
     */
    static List<Rank> start(Path dir, int world, Map<String, String> env, String... args) throws IOException {
        int port = freePort();
        Files.createDirectories(dir);
        List<Rank> ranks = new ArrayList<>();
        for (int rank = 0; rank < world; rank++) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-Xmx512m", "-cp", classPath(),
                    DataParallelWorker.class.getName()));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command);
            if (world > 1) {
                builder.environment().putAll(Map.of("RANK", Integer.toString(rank), "WORLD_SIZE", Integer.toString(world),
                        "MASTER_ADDR", "127.0.0.1", "MASTER_PORT", Integer.toString(port)));
            }
            builder.environment().putAll(Map.of("OMP_NUM_THREADS", "1", "OPENBLAS_NUM_THREADS", "1",
                    "TORCH_CPP_LOG_LEVEL", "ERROR"));
            builder.environment().putAll(env);
            Path log = dir.resolve("rank-" + rank + ".log");
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            ranks.add(new Rank(rank, builder.start(), log));
        }
        return ranks;
    }

    /** Surefire runs the tests from a manifest-only jar; its property holds the real class path. */
    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
