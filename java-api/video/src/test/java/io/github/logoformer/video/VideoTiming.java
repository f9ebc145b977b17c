package io.github.logoformer.video;

import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.nn.ModelConfig;
import io.github.logoformer.nn.ModelKind;
import io.github.logoformer.train.Checkpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Measures the time per second of video of each stage (decode, detect, crop, predict) on a rendered
 * 640 x 480, 25 frames-per-second, 10-second MPEG-4 video with one face, for the models named: a run
 * folder's checkpoint, or with no argument LOGO-Former's {@code small} preset (what {@code ./lf train}
 * trains) and DESIGN.md's size, untrained (a forward pass costs the same). Default options (2-s windows
 * every second). Run (README, "Video"):
 * {@code mvn -q -pl java-api/video test-compile exec:exec -Dexec.executable=java -Dexec.classpathScope=test
 * -Dexec.args="-cp %classpath io.github.logoformer.video.VideoTiming [RUN_DIR]"}.
 */
public final class VideoTiming {
    private VideoTiming() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("video-timing");
        Path video = dir.resolve("face-640x480-25fps-10s.mp4");
        long[] times = new long[250];
        for (int i = 0; i < times.length; i++) {
            times[i] = i * 40_000L;
        }
        var person = new SyntheticVideo.Person(new java.util.Random(8), 640, 480, 0.45);
        SyntheticVideo.write(video, "mp4", "mpeg4", SyntheticVideo.images(SyntheticVideo.scenes(person, times.length, null, 9)),
                times, 0);
        Map<String, ClipClassifier> models = new LinkedHashMap<>();
        if (args.length > 0) {
            Path run = Path.of(args[0]);
            models.put(run.toString(), Checkpoint.load(run).loadModel(run));
        } else {
            models.put("small preset (16 x 48 px, d 64, 1 block)", ModelKind.LOGOFORMER.build(ModelConfig.smallBuilder().classes(7).build()));
            models.put("DESIGN.md size (16 x 112 px, d 512, 4 blocks)", ModelKind.LOGOFORMER.build(ModelConfig.builder().classes(7).build()));
        }
        for (var entry : models.entrySet()) {
            try (VideoPredictor predictor = new VideoPredictor(entry.getValue(), VideoOptions.DEFAULT)) {
                predictor.predict(video);  // warm-up: native libraries, the cascade, LibTorch's first passes
                VideoPrediction p = predictor.predict(video);
                double s = p.info().durationSeconds();
                StageTimes t = p.times();
                System.out.printf(Locale.ROOT, "%s: %d frames, %.1f s, %d windows; per second of video: decode %.3f s, "
                        + "detect %.3f s, crop %.3f s, predict %.3f s; load average %s%n", entry.getKey(), p.info().frames(), s,
                        p.windows().size(), t.decodeSeconds() / s, t.detectSeconds() / s, t.cropSeconds() / s,
                        t.predictSeconds() / s, Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
            }
        }
    }
}
