package io.github.logoformer.ops;

import org.bytedeco.pytorch.Tensor;

/** How typed ops hand tensors to native kernels: raw addresses and element strides. */
final class NativeTensors {
    private NativeTensors() {}

    /** Address of the first element (storage offset included). Keep t reachable during the call. */
    static long address(Tensor t) {
        return t.data_ptr().address();
    }
}
