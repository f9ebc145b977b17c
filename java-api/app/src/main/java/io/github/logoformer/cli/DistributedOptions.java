package io.github.logoformer.cli;

import io.github.logoformer.dist.DataParallel;
import io.github.logoformer.dist.DistributedEnvironment;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Data-parallel training on the command line: {@code --nproc N} launches N local workers
 * ({@link Launcher}); a process started with {@code RANK}, {@code WORLD_SIZE}, {@code MASTER_ADDR} and
 * {@code MASTER_PORT} in its environment is one rank of a job, on this machine or another.
 */
final class DistributedOptions {
    /** Exit code of a worker that its watchdog stopped because another rank failed. */
    static final int STOPPED_BY_PEER = 4;

    @Option(names = "--nproc", paramLabel = "N", description = "Data-parallel processes to start on this machine"
            + " (default ${DEFAULT-VALUE}: train in this process). Several machines: start each rank with RANK,"
            + " WORLD_SIZE, MASTER_ADDR, MASTER_PORT in its environment instead.")
    int nproc = 1;

    @Option(names = "--join-timeout", paramLabel = "SECONDS", description = "How long the ranks wait for each other"
            + " at the start (default ${DEFAULT-VALUE}).")
    double joinTimeoutSeconds = DataParallel.Options.DEFAULT.joinTimeout().toSeconds();

    @Option(names = "--dist-timeout", paramLabel = "SECONDS", description = "How long a rank waits for the others"
            + " once training runs (in a collective) before the job stops (default ${DEFAULT-VALUE}).")
    double timeoutSeconds = DataParallel.Options.DEFAULT.timeout().toSeconds();

    @Option(names = "--bucket-mb", paramLabel = "MB", description = "Gradient all-reduce bucket size in MiB"
            + " (default ${DEFAULT-VALUE}, as PyTorch's DDP).")
    double bucketMb = DataParallel.Options.DEFAULT.bucketBytes() / (double) (1 << 20);

    /**
     * Runs {@code body} as this process's part of the job: alone, as one rank (then closes the job in
     * order, or publishes the failure for the other ranks), or, with {@code --nproc} and no job in the
     * environment, launches the workers after {@code prepare} (work done once, e.g. writing the data set).
     *
     * @return the exit code
     */
    int run(CommandSpec spec, Runnable prepare, Consumer<DataParallel> body) {
        if (nproc < 1) {
            throw new IllegalArgumentException("--nproc: expected >= 1, got " + nproc);
        }
        DataParallel.Options options = options();
        DistributedEnvironment env = DistributedEnvironment.read(System.getenv());
        if (!env.distributed()) {
            if (nproc > 1) {
                prepare.run();
                return Launcher.run(nproc, spec.root().commandLine().getParseResult().originalArgs(), System.out, System.err);
            }
            body.accept(DataParallel.single());
            return 0;
        }
        if (nproc > 1 && nproc != env.world()) {
            throw new IllegalArgumentException("--nproc: " + nproc + " processes, but this process is rank " + env.rank()
                    + " of WORLD_SIZE=" + env.world() + " from the environment; leave --nproc out when the ranks are"
                    + " started through the environment");
        }
        exitWithLauncher();
        String command = "lf " + spec.name();
        DataParallel job = DataParallel.join(env, options, Map.of("the command", command), why -> {
            System.err.println(command + ": " + why);
            System.exit(STOPPED_BY_PEER);
        });
        try {
            body.accept(job);
        } catch (RuntimeException | Error e) {
            job.fail(e);
            throw e;
        }
        if (job.isMain()) {
            System.out.println("data parallel, " + job.world() + " processes: " + job.traffic().summary());
        }
        job.close();
        return 0;
    }

    DataParallel.Options options() {
        if (!(bucketMb > 0) || !Double.isFinite(bucketMb)) {
            throw new IllegalArgumentException("--bucket-mb: expected a size > 0, got " + bucketMb);
        }
        return new DataParallel.Options(seconds("--join-timeout", joinTimeoutSeconds), seconds("--dist-timeout", timeoutSeconds),
                Math.max(1, Math.round(bucketMb * (1 << 20))));
    }

    private static Duration seconds(String option, double seconds) {
        if (!(seconds >= 0.1) || !Double.isFinite(seconds)) {
            throw new IllegalArgumentException(option + ": expected a number of seconds >= 0.1, got " + seconds);
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    /** A worker of {@code --nproc} stops when its launcher is gone (killed), rather than train on alone. */
    private static void exitWithLauncher() {
        String pid = System.getenv(Launcher.LAUNCHER_PID);
        if (pid == null || pid.isBlank()) {
            return;
        }
        ProcessHandle.of(Long.parseLong(pid.strip())).ifPresentOrElse(
                launcher -> launcher.onExit().thenRun(() -> {
                    System.err.println("lf: the launcher (pid " + pid.strip() + ") is gone; stopping");
                    Runtime.getRuntime().halt(STOPPED_BY_PEER);
                }),
                () -> Runtime.getRuntime().halt(STOPPED_BY_PEER));
    }
}
