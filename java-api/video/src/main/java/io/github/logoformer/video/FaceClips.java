package io.github.logoformer.video;

import io.github.logoformer.data.ClipTransform;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The second pass over a video: decodes it again and hands over each predicted window's clip as model
 * input ({@code F x 3 x S x S} floats, the loaders' test transform of the face crops) as soon as its last
 * sampled frame is decoded; {@code windows} may be any of a timeline's windows (one, to explain it). Only
 * the windows open at the current frame hold pixels (about window / stride of them), so memory does not
 * grow with the video's length.
 */
final class FaceClips {
    /** Receives one window's model input. */
    interface Sink {
        void accept(ClipWindow window, float[] clip);
    }

    /** A window's {@code slot}-th model frame. */
    private record Use(ClipWindow window, int slot) {}

    private FaceClips() {}

    /** @return the most clips held at once (the windows open at one frame; {@code FaceClipsTest} bounds it) */
    static int extract(Path video, VideoScan scan, List<ClipWindow> windows, FaceCropper cropper, ClipTransform transform,
            StageTimes.Clock clock, Sink sink) {
        // For each frame that some window samples: which (window, slot) pairs take it.
        Map<Integer, List<Use>> takers = new HashMap<>();
        int lastNeeded = -1;
        for (ClipWindow w : windows) {
            if (w.predicted()) {
                for (int slot = 0; slot < w.sampled().length; slot++) {
                    takers.computeIfAbsent(w.sampled()[slot], k -> new ArrayList<>()).add(new Use(w, slot));
                    lastNeeded = Math.max(lastNeeded, w.sampled()[slot]);
                }
            }
        }
        int frameFloats = 3 * transform.size() * transform.size();
        Map<Integer, float[]> open = new HashMap<>();
        Map<Integer, Integer> filled = new HashMap<>();
        float[] pixels = new float[frameFloats];
        int mostOpen = 0;
        try (VideoReader reader = VideoReader.open(video)) {
            for (int i = 0; i <= lastNeeded; i++) {
                long t0 = System.nanoTime();
                VideoReader.VideoFrame frame = reader.next();
                clock.decode += System.nanoTime() - t0;
                if (frame == null || frame.timestampMicros() != scan.timestamps()[i]) {
                    throw new VideoException(video, "changed while it was read: frame " + (i + 1) + " differs between passes");
                }
                List<Use> uses = takers.get(i);
                if (uses == null) {
                    continue;
                }
                long t1 = System.nanoTime();
                BufferedImage crop = cropper.crop(frame.image(), scan.track().at(frame.timestampMicros()));
                transform.testFrame(crop, pixels, 0);
                clock.crop += System.nanoTime() - t1;
                for (Use use : uses) {
                    ClipWindow w = use.window();
                    float[] clip = open.computeIfAbsent(w.index(), k -> new float[w.sampled().length * frameFloats]);
                    mostOpen = Math.max(mostOpen, open.size());
                    System.arraycopy(pixels, 0, clip, use.slot() * frameFloats, frameFloats);
                    if (filled.merge(w.index(), 1, Integer::sum) == w.sampled().length) {
                        filled.remove(w.index());
                        sink.accept(w, open.remove(w.index()));
                    }
                }
            }
        }
        return mostOpen;
    }
}
