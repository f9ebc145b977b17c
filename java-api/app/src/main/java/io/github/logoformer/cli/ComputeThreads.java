package io.github.logoformer.cli;

import io.github.logoformer.nn.ModelComplexity;
import io.github.logoformer.nn.ModelConfig;
import io.github.logoformer.nn.ModelKind;
import org.bytedeco.pytorch.global.torch;
import picocli.CommandLine.Option;

/**
 * {@code --threads}: LibTorch's intra-op (OpenMP) threads for a command's model passes.
 *
 * <p>Unset, a model under {@link #ONE_THREAD_BELOW_GMACS} per clip runs on one thread: its ops are so small
 * that splitting each over the cores costs more (fork-join, and OpenMP threads spinning against the frame
 * decoders for the same cores) than it gains. On a 2-core Xeon the main job's model (0.03 GMACs) trained an
 * epoch in 6.2–8.0 s on one thread against 10.7–11.4 s on two, while the design-size model (17.6 GMACs)
 * took 2.34 s a step (batch 4) on one thread and 1.59 s on two (beside another build: rough). Larger
 * models get LibTorch's default (every core), and {@code OMP_NUM_THREADS}, where set (by the user, or by
 * {@code --nproc} for its workers), wins over both rules.
 */
final class ComputeThreads {
    /** Forward cost per clip below which one thread is the default (the two measured models: 0.03 and 17.6). */
    static final double ONE_THREAD_BELOW_GMACS = 1.0;

    @Option(names = "--threads", paramLabel = "N", description = "LibTorch's compute threads (default: OMP_NUM_THREADS"
            + " if set, else 1 for a model under " + ONE_THREAD_BELOW_GMACS + " GMACs per clip, whose ops are too small"
            + " to share, and every core for larger ones).")
    Integer threads;

    /**
     * Sets LibTorch's thread count for a {@code kind} model of {@code config} and says what it chose, for
     * the command's first line ("1 thread").
     */
    String apply(ModelKind kind, ModelConfig config) {
        int chosen = chosen(threads, System.getenv("OMP_NUM_THREADS"),
                ModelComplexity.of(kind, config).totalGmacs(), LibTorchStart.THREADS);
        torch.set_num_threads(chosen);
        return chosen + (chosen == 1 ? " thread" : " threads");
    }

    /**
     * LibTorch's thread count before any command set it (its default, or OMP_NUM_THREADS), read on first use:
     * a second command in the same JVM (cv's folds, the tests) must not take the first one's choice for it.
     */
    static final class LibTorchStart {
        static final int THREADS = torch.get_num_threads();
    }

    /** Refuses a --threads below 1 (before a data-parallel job starts its workers). */
    void check() {
        if (threads != null) {
            check(threads);
        }
    }

    private static int check(int given) {
        if (given < 1) {
            throw new IllegalArgumentException("--threads: expected >= 1, got " + given);
        }
        return given;
    }

    /**
     * The rule: {@code given}, else LibTorch's own count where {@code ompNumThreads} is set, else 1 under the
     * threshold, else {@code libtorchDefault} (LibTorch's count at its start).
     */
    static int chosen(Integer given, String ompNumThreads, double gmacsPerClip, int libtorchDefault) {
        if (given != null) {
            return check(given);
        }
        if (ompNumThreads != null && !ompNumThreads.isBlank()) {
            return libtorchDefault;  // LibTorch read the variable when it started
        }
        return gmacsPerClip < ONE_THREAD_BELOW_GMACS ? 1 : libtorchDefault;
    }
}
