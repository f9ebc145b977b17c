package io.github.logoformer.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code --nproc N}, in the spirit of torchrun: starts N worker JVMs of this command on this machine (the
 * same {@code java}, JVM options, class path and arguments) with the environment of a data-parallel job
 * ({@code RANK}, {@code LOCAL_RANK}, {@code WORLD_SIZE}, {@code MASTER_ADDR=127.0.0.1}, a free
 * {@code MASTER_PORT} unless one is set), forwards their output line by line after a {@code [rank r]}
 * prefix, and returns the job's exit code. When a worker fails, the others get a grace period to report
 * what they saw (a dead peer is noticed at once), then they are killed; the code is the first failure's.
 *
 * <p>Each worker gets {@code OMP_NUM_THREADS} = cores / N (at least 1) unless the variable is set, and
 * {@code TORCH_CPP_LOG_LEVEL=ERROR} (c10d's socket warnings) unless that is set.
 */
final class Launcher {
    /** How long the others may take to report after the first worker failed. */
    private static final long GRACE_MS = 10_000;
    /** Workers exit when the launcher's process is gone (set for {@link DistributedOptions}). */
    static final String LAUNCHER_PID = "LF_LAUNCHER_PID";

    private Launcher() {}

    static int run(int nproc, List<String> args, PrintStream out, PrintStream err) {
        String port = System.getenv("MASTER_PORT");
        port = port != null && !port.isBlank() ? port.strip() : Integer.toString(freePort());
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-agentlib:jdwp")) {  // a debugger port cannot be shared
                command.add(option);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(args);
        String threads = Integer.toString(Math.max(1, Runtime.getRuntime().availableProcessors() / nproc));

        List<Process> workers = new ArrayList<>();
        List<Thread> pumps = new ArrayList<>();
        Thread killer = new Thread(() -> workers.forEach(Process::destroyForcibly), "kill-workers");
        Runtime.getRuntime().addShutdownHook(killer);
        try {
            for (int rank = 0; rank < nproc; rank++) {
                ProcessBuilder builder = new ProcessBuilder(command);
                Map<String, String> env = builder.environment();
                env.put("RANK", Integer.toString(rank));
                env.put("LOCAL_RANK", Integer.toString(rank));
                env.put("WORLD_SIZE", Integer.toString(nproc));
                env.put("LOCAL_WORLD_SIZE", Integer.toString(nproc));
                env.put("MASTER_ADDR", "127.0.0.1");
                env.put("MASTER_PORT", port);
                env.putIfAbsent("OMP_NUM_THREADS", threads);
                env.putIfAbsent("TORCH_CPP_LOG_LEVEL", "ERROR");
                env.put(LAUNCHER_PID, Long.toString(ProcessHandle.current().pid()));
                Process worker;
                try {
                    worker = builder.start();
                } catch (IOException e) {
                    throw new UncheckedIOException("starting worker " + rank + " (" + command.get(0) + "): " + e.getMessage(), e);
                }
                workers.add(worker);
                worker.getOutputStream().close();
                pumps.add(new RankOutput(worker.getInputStream(), out, rank));
                pumps.add(new RankOutput(worker.getErrorStream(), err, rank));
            }
            pumps.forEach(Thread::start);
            int code = supervise(workers, err);
            for (Thread pump : pumps) {
                pump.join(5000);
            }
            return code;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } finally {
            workers.forEach(Process::destroyForcibly);
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or ran: the workers are being killed anyway
            }
        }
    }

    /** Waits for every worker; after the first failure, kills those still running once the grace period ends. */
    private static int supervise(List<Process> workers, PrintStream err) throws InterruptedException {
        int failedRank = -1, code = 0;
        long killAt = Long.MAX_VALUE;
        while (true) {
            boolean running = false;
            for (int rank = 0; rank < workers.size(); rank++) {
                Process worker = workers.get(rank);
                if (worker.isAlive()) {
                    running = true;
                } else if (failedRank < 0 && worker.exitValue() != 0) {
                    failedRank = rank;
                    code = worker.exitValue();
                    killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRACE_MS);
                }
            }
            if (!running) {
                break;
            }
            if (System.nanoTime() > killAt) {
                List<Integer> killed = new ArrayList<>();
                for (int rank = 0; rank < workers.size(); rank++) {
                    if (workers.get(rank).isAlive()) {
                        workers.get(rank).destroyForcibly().waitFor();
                        killed.add(rank);
                    }
                }
                err.println("lf: killed rank" + (killed.size() == 1 ? " " : "s ") + killed.toString().replaceAll("[\\[\\]]", "")
                        + ", still running " + GRACE_MS / 1000 + " s after rank " + failedRank + " failed");
                break;
            }
            Thread.sleep(100);
        }
        if (failedRank >= 0) {
            err.println("lf: rank " + failedRank + " exited with code " + code + "; the job failed");
        }
        return code;
    }

    /** A port no program listens on now (the usual race: another program may take it before rank 0 does). */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("finding a free port for MASTER_PORT: " + e.getMessage(), e);
        }
    }
}
