package io.github.logoformer.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.ResidentMemory;
import io.github.logoformer.abi.Grid3;
import io.github.logoformer.autograd.AutogradBridge;
import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.nn.ModelConfig;
import io.github.logoformer.nn.ModelKind;
import java.lang.management.ManagementFactory;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/**
 * The supported usage, one {@link PointerScope} per training step as {@link Trainer} runs it, keeps
 * resident memory flat: 3,000 plain SGD steps (SamSgd with rho = 0 and no momentum: one forward and
 * one backward a step) of a tiny LOGO-Former (every fused op, dropout, drop-path, a fresh clip each step;
 * 2 frames of 16 px, batch 1, so that the test fits CI) grow RSS by less than {@link #BOUND_KB} after a
 * warm-up of 1,000 steps. (The issue asked for 10,000: that took over 20 minutes on
 * the shared 2-core machine, more than CI holds.)
 */
class TrainingMemorySoakTest {
    private static final int STEPS = 3_000;
    private static final int WARM_UP = 1_000;
    private static final int SAMPLE_EVERY = 250;
    /**
     * 8 MB over 2,000 steps, 4 kB a step: what allocator fragmentation and the JVM's own growth may
     * take; the leak the issue found (15 kB a fused call inside a PointerScope, several calls a step)
     * is many times more.
     */
    private static final long BOUND_KB = 8 * 1024;

    @Test
    void threeThousandTrainingStepsKeepResidentMemoryFlatAfterWarmUp() {
        ModelConfig config = ModelConfig.builder().frames(2).frameSize(16).backboneWidth(1).dim(8).heads(2).blocks(1)
                .mlpRatio(2).classes(3).window(Grid3.of(1, 1, 1)).pool(Grid3.of(2, 1, 1)).attentionDropout(0.1)
                .dropPath(0.1).build();
        torch.manual_seed(15);
        ClipClassifier model = ModelKind.LOGOFORMER.build(config);
        model.train(true);
        SamSgd optimiser = new SamSgd(model.parameters(), 0, 0, 0);
        CosineSchedule schedule = new CosineSchedule(0.01, WARM_UP, STEPS);
        long[] rss = new long[STEPS / SAMPLE_EVERY];
        long started = System.nanoTime(), cpuStarted = processCpuNanos();
        for (int step = 0; step < STEPS; step++) {
            double lr = schedule.at(step);
            try (PointerScope scope = new PointerScope()) {
                Tensor clips = torch.randn(1, 2, 3, 16, 16);
                Tensor labels = torch.randint(3, new long[] {1});
                double loss = optimiser.step(lr, () -> model.loss(model.forward(clips), labels, 0.1));
                assertTrue(Double.isFinite(loss), "step " + step + ": loss " + loss);
            }
            if ((step + 1) % SAMPLE_EVERY == 0) {
                rss[step / SAMPLE_EVERY] = ResidentMemory.kilobytesAfterGc();
                System.out.printf("soak: step %d, RSS %d kB, %.0f s%n", step + 1, rss[step / SAMPLE_EVERY],
                        (System.nanoTime() - started) / 1e9);
            }
        }
        int base = WARM_UP / SAMPLE_EVERY - 1;
        long peakAfterWarmUp = 0;
        for (int i = base; i < rss.length; i++) {
            peakAfterWarmUp = Math.max(peakAfterWarmUp, rss[i]);
        }
        System.out.printf("soak: %d steps in %.0f s (%.0f s of CPU); RSS %d MB after warm-up, %d MB at the end, peak %d MB;"
                + " live bridge contexts %d%n", STEPS, (System.nanoTime() - started) / 1e9,
                (processCpuNanos() - cpuStarted) / 1e9, rss[base] / 1024,
                rss[rss.length - 1] / 1024, peakAfterWarmUp / 1024, AutogradBridge.liveContexts());
        assertTrue(peakAfterWarmUp - rss[base] < BOUND_KB, "RSS grew from " + rss[base] + " kB after " + WARM_UP
                + " steps to " + peakAfterWarmUp + " kB (samples every " + SAMPLE_EVERY + " steps: "
                + java.util.Arrays.toString(rss) + ")");
        assertTrue(AutogradBridge.liveContexts() <= 64, "live bridge contexts: " + AutogradBridge.liveContexts());
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
