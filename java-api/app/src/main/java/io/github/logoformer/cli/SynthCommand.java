package io.github.logoformer.cli;

import io.github.logoformer.data.SyntheticDfew;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lf synth}: writes a synthetic face-clip set in DFEW's layout. */
@Command(name = "synth", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Writes synthetic face clips (7 expressions) in DFEW's layout: data/<id>/<id>_<n>.jpg, label/single_{train,test}set_{1..5}.csv.")
final class SynthCommand implements Callable<Integer> {
    private static final SyntheticDfew D = SyntheticDfew.DEFAULT;

    @Option(names = "--out", paramLabel = "DIR", description = "Folder to create (default: the synthetic set's default root).")
    Path out;

    @Option(names = "--clips-per-class", description = "Clips of each expression (default ${DEFAULT-VALUE}).")
    int clipsPerClass = D.clipsPerClass();

    @Option(names = "--min-frames", description = "Shortest clip (default ${DEFAULT-VALUE}).")
    int minFrames = D.minFrames();

    @Option(names = "--max-frames", description = "Longest clip (default ${DEFAULT-VALUE}).")
    int maxFrames = D.maxFrames();

    @Option(names = "--size", description = "Frame side in pixels (default ${DEFAULT-VALUE}).")
    int size = D.size();

    @Option(names = "--seed", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed = D.seed();

    @Override
    public Integer call() {
        Path folder = out != null ? out : DatasetOptions.defaultSyntheticRoot();
        SyntheticDfew spec = new SyntheticDfew(clipsPerClass, minFrames, maxFrames, size, seed);
        long started = System.nanoTime();
        boolean wrote = spec.ensure(folder);
        System.out.printf(Locale.ROOT, "%s%s (%.1f s)%n", wrote ? "wrote " : "already complete: ", folder,
                (System.nanoTime() - started) / 1e9);
        return 0;
    }
}
