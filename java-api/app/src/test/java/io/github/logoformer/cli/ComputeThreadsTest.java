package io.github.logoformer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.logoformer.nn.ModelComplexity;
import io.github.logoformer.nn.ModelConfig;
import io.github.logoformer.nn.ModelKind;
import org.junit.jupiter.api.Test;

class ComputeThreadsTest {
    private static final int CORES = 16;

    @Test
    void aModelUnderOneGmacPerClipRunsOnOneThreadAndALargerOneOnEveryCore() {
        double small = gmacs(new String[] {});
        double design = gmacs(new String[] {"--dataset", "dfew", "--root", "/data"});
        assertEquals(1, ComputeThreads.chosen(null, null, small, CORES), "the main job's model, " + small + " GMACs");
        assertEquals(CORES, ComputeThreads.chosen(null, null, design, CORES), "the design-size model, " + design + " GMACs");
        assertEquals(1, ComputeThreads.chosen(null, "", 0.99, CORES));
        assertEquals(CORES, ComputeThreads.chosen(null, "", 1.0, CORES));
    }

    @Test
    void ompNumThreadsAndThenTheOptionWinOverTheRule() {
        assertEquals(CORES, ComputeThreads.chosen(null, "16", 0.03, CORES), "LibTorch took OMP_NUM_THREADS at its start");
        assertEquals(3, ComputeThreads.chosen(3, "16", 0.03, CORES));
        assertEquals(2, ComputeThreads.chosen(2, null, 17.6, CORES));
    }

    @Test
    void fewerThanOneThreadIsRefusedNamingTheOption() {
        var e = assertThrows(IllegalArgumentException.class, () -> ComputeThreads.chosen(0, null, 0.03, CORES));
        assertEquals("--threads: expected >= 1, got 0", e.getMessage());
    }

    /** The forward cost of the model that {@code lf} builds for these arguments. */
    private static double gmacs(String[] args) {
        TrainCommand command = new TrainCommand();
        picocli.CommandLine cli = new picocli.CommandLine(command);
        cli.parseArgs(args);
        ModelConfig config = command.model.config(command.data.dataset == DatasetOptions.Kind.synthetic,
                command.data.classes(), null);
        return ModelComplexity.of(ModelKind.LOGOFORMER, config).totalGmacs();
    }
}
