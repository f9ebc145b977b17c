package io.github.logoformer.eval;

import io.github.logoformer.data.Batch;
import io.github.logoformer.data.ClipFolder;
import io.github.logoformer.data.ClipRecord;
import io.github.logoformer.data.ClipTransform;
import io.github.logoformer.data.FrameSampler;
import io.github.logoformer.nn.ClipClassifier;
import java.nio.file.Path;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/** Class probabilities of one clip given as a folder of face frames (test-time sampling and transform). */
public final class Predictor {
    private Predictor() {}

    /**
     * @param clipFolder frames named by number ({@code 00001.jpg}, {@code clip_00001.png}, ...)
     * @return one probability per class, in the model's class order
     */
    public static float[] predict(ClipClassifier model, Path clipFolder) {
        ClipRecord clip = new ClipRecord(clipFolder.getFileName().toString(), ClipFolder.frames(clipFolder),
                ClipRecord.UNLABELLED, clipFolder.toString());
        int frames = (int) model.config().frames(), size = (int) model.config().frameSize();
        int[] indices = new FrameSampler(frames).testIndices(clip.frames().size());
        float[] pixels = new ClipTransform(size).testClip(clip, indices);
        model.eval();
        try (NoGradGuard guard = new NoGradGuard(); PointerScope scope = new PointerScope()) {
            Tensor input = new Batch(pixels, new long[] {ClipRecord.UNLABELLED}, frames, size).clips();
            return Evaluator.probabilities(model.forward(input))[0];
        }
    }
}
