package io.github.logoformer.eval;

import io.github.logoformer.nn.ClipClassifier;
import io.github.logoformer.nn.Precision;
import java.nio.file.Path;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;

/** Class probabilities of one clip given as a folder of face frames (test-time sampling and transform). */
public final class Predictor {
    private Predictor() {}

    /**
     * @param clipFolder frames named by number ({@code 00001.jpg}, {@code clip_00001.png}, ...)
     * @param precision of the forward pass
     * @return one probability per class, in the model's class order
     */
    public static float[] predict(ClipClassifier model, Path clipFolder, Precision precision) {
        ClipInput input = ClipInput.load(model.config(), clipFolder);
        model.eval();
        try (NoGradGuard guard = new NoGradGuard(); PointerScope scope = new PointerScope(); var autocast = precision.enter()) {
            return Evaluator.probabilities(model.forward(input.batch().clips()))[0];
        }
    }
}
