package io.github.logoformer.ops;

import org.bytedeco.pytorch.cuda.CUDAGuard;
import org.bytedeco.pytorch.global.torch_cuda;

/**
 * LibTorch's CUDA state that kernel calls on CUDA tensors need: the current stream and device. Kept
 * apart so that only a CUDA call loads LibTorch's CUDA classes: they load the CUDA presets, whose JNI
 * library needs a CUDA driver, so CPU-only users must never reach this class.
 */
final class CudaContext {
    private CudaContext() {}

    /** LibTorch's current stream on GPU {@code index} as a cudaStream_t address (0: the default stream). */
    static long currentStream(int index) {
        return torch_cuda.getCurrentCUDAStream((byte) index).stream().address();
    }

    /** Makes GPU {@code index} the current device until the returned scope is closed. */
    static KernelTarget.Scope onDevice(int index) {
        CUDAGuard guard = new CUDAGuard((byte) index);
        return guard::close;
    }
}
