package io.github.logoformer.video;

import io.github.logoformer.eval.Evaluator;
import java.util.List;

/**
 * One window of the timeline and, when it was predicted, the model's class probabilities for it.
 *
 * @param probabilities one per class, or null when too few of the window's frames have the face
 */
public record WindowPrediction(ClipWindow window, float[] probabilities) {
    public boolean predicted() {
        return probabilities != null;
    }

    /** The most likely class's name, or null when not predicted. */
    public String label(List<String> classes) {
        return predicted() ? classes.get(Evaluator.argmax(probabilities)) : null;
    }
}
