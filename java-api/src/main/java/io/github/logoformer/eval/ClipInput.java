package io.github.logoformer.eval;

import io.github.logoformer.data.Batch;
import io.github.logoformer.data.ClipFolder;
import io.github.logoformer.data.ClipRecord;
import io.github.logoformer.data.ClipTransform;
import io.github.logoformer.data.FrameSampler;
import io.github.logoformer.nn.ModelConfig;
import java.nio.file.Path;

/**
 * One clip as a model sees it at test time: the sampled frame indices (centred segments) and the
 * transformed pixels as a batch of one, with what names it.
 *
 * @param id names the clip in figure titles (a folder's name; a video's file name and window)
 * @param source where its frames came from (a folder; a video file and window)
 * @param frameIndices which of the source's frames (0-based: a folder's in name order, a video's in decoding
 *     order) each model frame is
 */
public record ClipInput(String id, String source, int[] frameIndices, Batch batch, ClipTransform transform) {
    /** @param pixels the model frames, {@code F x 3 x S x S} floats of {@code transform}'s test transform */
    public static ClipInput of(String id, String source, int[] frameIndices, float[] pixels, ClipTransform transform) {
        return new ClipInput(id, source, frameIndices, new Batch(pixels, new long[] {ClipRecord.UNLABELLED},
                frameIndices.length, transform.size()), transform);
    }

    /** @param folder frames named by number ({@code 00001.jpg}, {@code clip_00001.png}, ...) */
    public static ClipInput load(ModelConfig config, Path folder) {
        ClipRecord clip = new ClipRecord(folder.getFileName().toString(), ClipFolder.frames(folder),
                ClipRecord.UNLABELLED, folder.toString());
        int[] indices = new FrameSampler((int) config.frames()).testIndices(clip.frames().size());
        ClipTransform transform = new ClipTransform((int) config.frameSize());
        return of(clip.id(), clip.source(), indices, transform.testClip(clip, indices), transform);
    }
}
