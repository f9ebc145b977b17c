package io.github.logoformer.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.data.ClipTransform;
import io.github.logoformer.data.FrameSampler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The second pass streams: it holds the clips of the windows open at one frame, never the whole video's. */
class FaceClipsTest {
    @TempDir
    Path dir;

    @Test
    void holdsOnlyTheWindowsOpenAtOneFrameAndHandsEachOverOnce() throws Exception {
        // About 7.5 s at 12-20 frames per second; 1-s windows every 0.5 s overlap at most 3 to a frame
        // (two of the stride, and the last window, which ends with the video).
        VideoFixtures.FaceVideo video = VideoFixtures.faceVideo(dir.resolve("long.mp4"), "mp4", "mpeg4", 200, 160, 110, null, 0, 4);
        VideoOptions options = VideoOptions.DEFAULT.withWindow(1.0, 0.5);
        StageTimes.Clock clock = new StageTimes.Clock();
        VideoScan scan;
        try (CascadeFaceDetector detector = new CascadeFaceDetector(options.detectionSize())) {
            scan = VideoScan.of(video.file(), detector, options, clock);
        }
        List<ClipWindow> windows = ClipWindows.cut(scan.timestamps(), scan.faceFrames(), scan.info().endMicros(),
                VideoOptions.micros(1.0), VideoOptions.micros(0.5), new FrameSampler(4), options.minFaceShare());
        List<Integer> handedOver = new ArrayList<>();
        int mostOpen;
        try (FaceCropper cropper = new FaceCropper(options.cropMargin(), 24)) {
            mostOpen = FaceClips.extract(video.file(), scan, windows, cropper, new ClipTransform(24), clock, (window, clip) -> {
                assertEquals(4 * 3 * 24 * 24, clip.length, "window " + window.index() + ": F x 3 x S x S floats");
                handedOver.add(window.index());
            });
        }
        List<Integer> predicted = windows.stream().filter(ClipWindow::predicted).map(ClipWindow::index).toList();
        assertTrue(predicted.size() >= 10, predicted.size() + " of " + windows.size() + " windows have enough face");
        assertEquals(predicted, handedOver.stream().sorted().toList(), "every predicted window once");
        assertTrue(mostOpen >= 2 && mostOpen <= 3, "clips held at once: " + mostOpen + " of " + predicted.size());
    }
}
