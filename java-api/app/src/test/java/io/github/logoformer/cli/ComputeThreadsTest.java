package io.github.logoformer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.logoformer.nn.ModelComplexity;
import io.github.logoformer.nn.ModelConfig;
import io.github.logoformer.nn.ModelKind;
import org.bytedeco.pytorch.global.torch;
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
    void aLargerModelAfterASmallOneInTheSameJvmGetsLibTorchsOwnCountBack() {
        assumeTrue(System.getenv("OMP_NUM_THREADS") == null && ComputeThreads.LibTorchStart.THREADS > 1,
                "needs LibTorch to start with more than one thread");
        ComputeThreads threads = new ComputeThreads();
        assertEquals("1 thread", threads.apply(ModelKind.LOGOFORMER, config(new String[] {})));
        assertEquals(ComputeThreads.LibTorchStart.THREADS + " threads",
                threads.apply(ModelKind.LOGOFORMER, config(new String[] {"--dataset", "dfew", "--root", "/data"})));
        assertEquals(ComputeThreads.LibTorchStart.THREADS, torch.get_num_threads());
    }

    @Test
    void fewerThanOneThreadIsRefusedNamingTheOption() {
        var e = assertThrows(IllegalArgumentException.class, () -> ComputeThreads.chosen(0, null, 0.03, CORES));
        assertEquals("--threads: expected >= 1, got 0", e.getMessage());
    }

    /** The forward cost of the model that {@code lf train} builds for these arguments. */
    private static double gmacs(String[] args) {
        return ModelComplexity.of(ModelKind.LOGOFORMER, config(args)).totalGmacs();
    }

    /** The model configuration {@code lf train} builds for these arguments. */
    private static ModelConfig config(String[] args) {
        TrainCommand command = new TrainCommand();
        new picocli.CommandLine(command).parseArgs(args);
        return command.model.config(command.data.dataset == DatasetOptions.Kind.synthetic, command.data.classes(), null);
    }
}
