package io.github.logoformer.data;

import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/**
 * A batch as the loader's threads assemble it, in Java arrays: {@code size} clips of {@code frames}
 * frames of 3 x S x S floats, and their class indices. {@link #clips()} and {@link #labels()} copy it
 * into LibTorch tensors on the calling thread (so that the caller's PointerScope owns them). A batch may
 * be empty (a data-parallel process's shard of a small last batch): its tensors have no rows.
 */
public record Batch(float[] pixels, long[] targets, int frames, int frameSize) {
    public int size() {
        return targets.length;
    }

    /** float32 [B, F, 3, S, S]. */
    public Tensor clips() {
        Tensor t = torch.empty(new long[] {size(), frames, 3, frameSize, frameSize},
                new TensorOptions(torch.ScalarType.Float), new MemoryFormatOptional());
        if (pixels.length > 0) {  // an empty tensor has no data pointer
            t.data_ptr_float().put(pixels);
        }
        return t;
    }

    /** int64 [B] class indices. */
    public Tensor labels() {
        Tensor t = torch.empty(new long[] {size()}, new TensorOptions(torch.ScalarType.Long), new MemoryFormatOptional());
        if (targets.length > 0) {
            t.data_ptr_long().put(targets);
        }
        return t;
    }
}
