package io.github.logoformer.ops;

import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/** How typed ops hand tensors to native kernels: raw addresses, element strides, fresh outputs. */
final class NativeTensors {
    private static final TensorOptions FLOAT32 = new TensorOptions(torch.ScalarType.Float);

    private NativeTensors() {}

    /** Address of the first element (storage offset included). Keep t reachable during the call. */
    static long address(Tensor t) {
        return t.data_ptr().address();
    }

    /** A new uninitialised contiguous float32 CPU tensor. */
    static Tensor emptyFloat32(long... sizes) {
        return torch.empty(sizes, FLOAT32, new MemoryFormatOptional());
    }
}
