package io.github.logoformer.eval;

import io.github.logoformer.data.Batch;
import io.github.logoformer.data.ClipFolder;
import io.github.logoformer.data.ClipRecord;
import io.github.logoformer.data.ClipTransform;
import io.github.logoformer.data.FrameSampler;
import io.github.logoformer.nn.ModelConfig;
import java.nio.file.Path;

/**
 * One clip, a folder of face frames, as a model sees it at test time: the sampled frame indices (centred
 * segments) and the transformed pixels as a batch of one.
 *
 * @param frameIndices which of the folder's frames (0-based, in name order) each model frame is
 */
public record ClipInput(ClipRecord clip, int[] frameIndices, Batch batch, ClipTransform transform) {
    /** @param folder frames named by number ({@code 00001.jpg}, {@code clip_00001.png}, ...) */
    public static ClipInput load(ModelConfig config, Path folder) {
        ClipRecord clip = new ClipRecord(folder.getFileName().toString(), ClipFolder.frames(folder),
                ClipRecord.UNLABELLED, folder.toString());
        int frames = (int) config.frames();
        int[] indices = new FrameSampler(frames).testIndices(clip.frames().size());
        ClipTransform transform = new ClipTransform((int) config.frameSize());
        float[] pixels = transform.testClip(clip, indices);
        return new ClipInput(clip, indices, new Batch(pixels, new long[] {ClipRecord.UNLABELLED}, frames,
                transform.size()), transform);
    }
}
