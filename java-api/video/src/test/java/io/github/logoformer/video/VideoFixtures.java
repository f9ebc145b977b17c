package io.github.logoformer.video;

import io.github.logoformer.data.DfewDataset;
import io.github.logoformer.data.Split;
import io.github.logoformer.data.SyntheticDfew;
import io.github.logoformer.nn.ModelConfig;
import io.github.logoformer.nn.ModelKind;
import io.github.logoformer.nn.Precision;
import io.github.logoformer.train.Trainer;
import io.github.logoformer.train.TrainingListener;
import io.github.logoformer.train.TrainingOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/** What the end-to-end tests share: a tiny trained checkpoint and a rendered face video with its truth. */
public final class VideoFixtures {
    private VideoFixtures() {}

    /** A LOGO-Former of 4 frames of 32 x 32 (width 8, d 32, 1 block), small enough to build in seconds. */
    public static ModelConfig tinyModel() {
        return ModelConfig.builder().classes(7).frames(4).frameSize(32).backboneWidth(8).dim(32).heads(2).blocks(1)
                .mlpRatio(2).build();
    }

    /** Trains {@link #tinyModel} for 1 epoch on 7 x 5 synthetic clips into {@code runDir} (a checkpoint, not a good model). */
    public static Path tinyCheckpoint(Path dataDir, Path runDir) throws Exception {
        new SyntheticDfew(5, 4, 6, 32, 3).write(dataDir);
        new Trainer(ModelKind.LOGOFORMER, tinyModel(), new TrainingOptions(1, 8, TrainingOptions.Optimizer.SGD, 0.02, 0, 0.9, 5e-4, 0, 0.1, 1, Precision.FP32), 1)
                .run(DfewDataset.load(dataDir, Split.TRAIN, 1), DfewDataset.load(dataDir, Split.TEST, 1), runDir, false,
                        TrainingListener.SILENT);
        return runDir;
    }

    /** A written video and, per frame, its time and the rendered face's box (null where none is drawn). */
    public record FaceVideo(Path file, long[] times, List<FaceBox> faces) {}

    /**
     * {@code n} upright frames of {@code width} x {@code height} with one face, at 12-20 frames per second
     * (jittered), stored turned for the display rotation {@code rotation}.
     *
     * @param face which frames show the face (null: all)
     */
    public static FaceVideo faceVideo(Path file, String format, String codec, int width, int height, int n, boolean[] face,
            int rotation, long seed) throws Exception {
        Random r = new Random(seed);
        var person = new SyntheticVideo.Person(r, width, height, 0.5);
        long[] times = SyntheticVideo.jitteredTimes(n, 50_000, 83_000, r);
        for (int i = 0; i < n; i++) {
            times[i] = times[i] / 1000 * 1000;  // the file keeps whole milliseconds
        }
        List<SyntheticVideo.Scene> scenes = SyntheticVideo.scenes(person, n, face, seed + 1);
        SyntheticVideo.write(file, format, codec, SyntheticVideo.images(scenes), times, rotation);
        return new FaceVideo(file, times, scenes.stream().map(SyntheticVideo.Scene::face).toList());
    }
}
