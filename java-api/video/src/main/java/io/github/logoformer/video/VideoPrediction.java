package io.github.logoformer.video;

import io.github.logoformer.eval.Evaluator;
import java.nio.file.Path;
import java.util.List;

/**
 * The emotions of one video.
 *
 * @param video the file
 * @param info what was decoded
 * @param classes class names in the model's order
 * @param probabilities the whole video's class probabilities: the mean over the predicted windows
 * @param windows every window of the timeline, in time order
 * @param track where the main face is at each time
 * @param detections detection runs made
 * @param hits detection runs that found the main face
 * @param faceFrames frames with the face tracked
 * @param options the options used
 * @param times time spent per stage
 */
public record VideoPrediction(Path video, VideoInfo info, List<String> classes, float[] probabilities,
        List<WindowPrediction> windows, FaceTrack track, int detections, int hits, int faceFrames, VideoOptions options,
        StageTimes times) {
    /** The most likely class over the whole video. */
    public String label() {
        return classes.get(Evaluator.argmax(probabilities));
    }

    /** How many windows were predicted. */
    public long predictedWindows() {
        return windows.stream().filter(WindowPrediction::predicted).count();
    }

    /**
     * The prediction shown at {@code micros}: the predicted window containing it whose centre is nearest,
     * or null when no predicted window contains it.
     */
    public WindowPrediction at(long micros) {
        WindowPrediction best = null;
        for (WindowPrediction w : windows) {
            if (w.predicted() && w.window().contains(micros) && (best == null
                    || Math.abs(w.window().centreMicros() - micros) < Math.abs(best.window().centreMicros() - micros))) {
                best = w;
            }
        }
        return best;
    }
}
