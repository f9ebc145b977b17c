package io.github.logoformer.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The job from torchrun's environment variables, and one line naming the variable for each mistake. */
class DistributedEnvironmentTest {
    private static String error(Map<String, String> env) {
        return assertThrows(IllegalArgumentException.class, () -> DistributedEnvironment.read(env)).getMessage();
    }

    @Test
    void noVariablesOrAWorldOfOneIsASingleProcess() {
        assertEquals(DistributedEnvironment.SINGLE, DistributedEnvironment.read(Map.of()));
        assertEquals(DistributedEnvironment.SINGLE, DistributedEnvironment.read(Map.of("RANK", "0", "WORLD_SIZE", "1")));
    }

    @Test
    void aRankOfAJobReadsEveryVariable() {
        var env = DistributedEnvironment.read(Map.of("RANK", "3", "WORLD_SIZE", "4", "LOCAL_RANK", "1",
                "MASTER_ADDR", " 10.0.0.7 ", "MASTER_PORT", "29500"));
        assertEquals(new DistributedEnvironment(3, 4, 1, "10.0.0.7", 29500), env);
        assertEquals(true, env.distributed());
    }

    @Test
    void eachMistakeNamesItsVariable() {
        assertEquals("RANK is set but WORLD_SIZE is not: a data-parallel process needs both", error(Map.of("RANK", "1")));
        assertEquals("WORLD_SIZE=two: expected an integer", error(Map.of("RANK", "1", "WORLD_SIZE", "two")));
        assertEquals("RANK=2: expected 0 <= RANK < WORLD_SIZE = 2",
                error(Map.of("RANK", "2", "WORLD_SIZE", "2", "MASTER_ADDR", "h", "MASTER_PORT", "1")));
        assertEquals("MASTER_PORT is not set: every rank of a job with WORLD_SIZE=2 needs MASTER_ADDR and MASTER_PORT of"
                + " rank 0's rendezvous store", error(Map.of("RANK", "1", "WORLD_SIZE", "2", "MASTER_ADDR", "h")));
        assertEquals("MASTER_PORT=70000: expected a port in [1, 65535]",
                error(Map.of("RANK", "1", "WORLD_SIZE", "2", "MASTER_ADDR", "h", "MASTER_PORT", "70000")));
        assertEquals("WORLD_SIZE=0: expected an integer >= 1", error(Map.of("RANK", "0", "WORLD_SIZE", "0",
                "MASTER_ADDR", "h", "MASTER_PORT", "1")));
        assertEquals("LOCAL_RANK=-1: expected an integer >= 0", error(Map.of("RANK", "1", "WORLD_SIZE", "2",
                "LOCAL_RANK", "-1", "MASTER_ADDR", "h", "MASTER_PORT", "1")));
    }
}
