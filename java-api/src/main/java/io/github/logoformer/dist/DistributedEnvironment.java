package io.github.logoformer.dist;

import java.util.Map;

/**
 * Where this process stands in a data-parallel job, read from the environment variables torchrun sets:
 * {@code RANK}, {@code WORLD_SIZE}, {@code MASTER_ADDR} and {@code MASTER_PORT} (rank 0's machine serves
 * the rendezvous store there), and {@code LOCAL_RANK} (the rank among the processes of this machine,
 * where a GPU build would pick its device; training here runs on the CPU and only checks it). Without
 * {@code RANK} and {@code WORLD_SIZE} the process trains alone.
 *
 * @param rank 0 to {@code world - 1}; rank 0 serves the store, writes checkpoints and reports
 * @param world the number of processes in the job
 */
public record DistributedEnvironment(int rank, int world, int localRank, String masterAddress, int masterPort) {
    /** One process, no rendezvous. */
    public static final DistributedEnvironment SINGLE = new DistributedEnvironment(0, 1, 0, "127.0.0.1", 0);

    public DistributedEnvironment {
        if (world < 1) {
            throw new IllegalArgumentException("WORLD_SIZE=" + world + ": expected an integer >= 1");
        }
        if (rank < 0 || rank >= world) {
            throw new IllegalArgumentException("RANK=" + rank + ": expected 0 <= RANK < WORLD_SIZE = " + world);
        }
        if (localRank < 0) {
            throw new IllegalArgumentException("LOCAL_RANK=" + localRank + ": expected an integer >= 0");
        }
        if (world > 1 && (masterPort < 1 || masterPort > 65535)) {
            throw new IllegalArgumentException("MASTER_PORT=" + masterPort + ": expected a port in [1, 65535]");
        }
        if (world > 1 && (masterAddress == null || masterAddress.isBlank())) {
            throw new IllegalArgumentException("MASTER_ADDR: expected the address of rank 0's machine, got nothing");
        }
    }

    /**
     * Reads the variables from {@code env} (pass {@code System.getenv()}).
     *
     * @throws IllegalArgumentException naming the variable and the rule when one is missing or malformed
     */
    public static DistributedEnvironment read(Map<String, String> env) {
        boolean rankSet = isSet(env, "RANK"), worldSet = isSet(env, "WORLD_SIZE");
        if (!rankSet && !worldSet) {
            return SINGLE;
        }
        if (rankSet != worldSet) {
            throw new IllegalArgumentException((rankSet ? "RANK" : "WORLD_SIZE") + " is set but "
                    + (rankSet ? "WORLD_SIZE" : "RANK") + " is not: a data-parallel process needs both");
        }
        int world = integer(env, "WORLD_SIZE");
        int rank = integer(env, "RANK");
        if (world == 1 && rank == 0) {
            return SINGLE;
        }
        int localRank = isSet(env, "LOCAL_RANK") ? integer(env, "LOCAL_RANK") : 0;
        for (String name : new String[] {"MASTER_ADDR", "MASTER_PORT"}) {
            if (!isSet(env, name)) {
                throw new IllegalArgumentException(name + " is not set: every rank of a job with WORLD_SIZE=" + world
                        + " needs MASTER_ADDR and MASTER_PORT of rank 0's rendezvous store");
            }
        }
        return new DistributedEnvironment(rank, world, localRank, env.get("MASTER_ADDR").strip(), integer(env, "MASTER_PORT"));
    }

    /** True when the environment names a job of several processes (this process is one of its ranks). */
    public boolean distributed() {
        return world > 1;
    }

    private static boolean isSet(Map<String, String> env, String name) {
        String value = env.get(name);
        return value != null && !value.isBlank();
    }

    private static int integer(Map<String, String> env, String name) {
        String value = env.get(name).strip();
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "=" + value + ": expected an integer");
        }
    }
}
