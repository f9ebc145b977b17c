package io.github.logoformer.ops;

import io.github.logoformer.abi.Dtype;
import io.github.logoformer.kernels.LogoformerNative;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.DeviceOptional;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/**
 * Where an op's kernels run and on which element type, taken from its first input: float32 and
 * bfloat16 CPU tensors go to the CPU kernels; float32, bfloat16 and float16 CUDA tensors to the CUDA
 * kernels, on the tensor's GPU and LibTorch's current stream there (softmax and LayerNorm statistics
 * stay float32). Every other tensor of the op must be on the same device with the same dtype.
 */
final class KernelTarget {
    // The CPU path makes most of the op's tensors: one options object per dtype serves every call.
    // Retained: this class may initialise inside a caller's PointerScope, whose close would otherwise
    // free them while they stay in use (outputs of whatever dtype the freed memory then reads).
    private static final TensorOptions CPU_FLOAT32 = new TensorOptions(torch.ScalarType.Float).retainReference();
    private static final TensorOptions CPU_BFLOAT16 = new TensorOptions(torch.ScalarType.BFloat16).retainReference();

    private final boolean cuda;
    private final int deviceIndex;
    private final String deviceName;
    private final torch.ScalarType type;

    private KernelTarget(boolean cuda, int deviceIndex, String deviceName, torch.ScalarType type) {
        this.cuda = cuda;
        this.deviceIndex = deviceIndex;
        this.deviceName = deviceName;
        this.type = type;
    }

    /**
     * The target of a defined tensor {@code t}, the op's first input.
     *
     * @throws IllegalArgumentException for a dtype the device's kernels do not take
     * @throws UnsupportedOperationException for a device other than CPU and CUDA, or a CUDA tensor when
     *     the native library has no usable CUDA kernels
     */
    static KernelTarget of(Tensor t, String name) {
        torch.ScalarType type = t.scalar_type().intern();
        if (t.is_cpu()) {
            if (type != torch.ScalarType.Float && type != torch.ScalarType.BFloat16) {
                throw new IllegalArgumentException(name + ": expected dtype float32 or bfloat16 on the CPU (float16 runs on"
                        + " CUDA only), got " + dtypeName(type));
            }
            return new KernelTarget(false, -1, "cpu", type);
        }
        String device = deviceName(t);
        if (!t.is_cuda()) {
            throw new UnsupportedOperationException(name + ": expected a CPU or CUDA tensor, got device " + device);
        }
        if (type != torch.ScalarType.Float && type != torch.ScalarType.BFloat16 && type != torch.ScalarType.Half) {
            throw new IllegalArgumentException(name + ": expected dtype float32, bfloat16 or float16 on CUDA, got "
                    + dtypeName(type));
        }
        if (LogoformerNative.cudaAvailable() == 0) {
            throw new UnsupportedOperationException(name + ": got a tensor on " + device + ", but this native library has no"
                    + " usable CUDA kernels (" + LogoformerNative.buildInfo() + "); use the linux-x86_64-gpu classifier");
        }
        return new KernelTarget(true, t.device().index(), device, type);
    }

    /** Checks that {@code t} is on this target's device with its dtype. */
    void check(Tensor t, String name) {
        checkDevice(t, name);
        torch.ScalarType other = t.scalar_type().intern();
        if (other != type) {
            throw new IllegalArgumentException(name + ": expected dtype " + dtypeName(type) + " like the op's first input, got "
                    + dtypeName(other));
        }
    }

    /** Checks that {@code t} is an int64 tensor (class indices) on this target's device. */
    void checkInt64(Tensor t, String name) {
        checkDevice(t, name);
        torch.ScalarType other = t.scalar_type().intern();
        if (other != torch.ScalarType.Long) {
            throw new IllegalArgumentException(name + ": expected dtype int64, got " + dtypeName(other));
        }
    }

    private void checkDevice(Tensor t, String name) {
        boolean same = cuda ? t.is_cuda() && t.device().index() == deviceIndex : t.is_cpu();
        if (!same) {
            throw new IllegalArgumentException(name + ": expected a tensor on " + deviceName
                    + " like the op's first input, got device " + deviceName(t));
        }
    }

    /** The C ABI's device argument. */
    int device() {
        return (cuda ? io.github.logoformer.abi.Device.CUDA : io.github.logoformer.abi.Device.CPU).code();
    }

    /** The C ABI's dtype argument. */
    int dtype() {
        Dtype dtype = switch (type) {
            case BFloat16 -> Dtype.BFLOAT16;
            case Half -> Dtype.FLOAT16;
            default -> Dtype.FLOAT32;
        };
        return dtype.code();
    }

    /** The C ABI's stream argument: LibTorch's current stream on the tensor's GPU; 0 on the CPU. */
    long stream() {
        return cuda ? CudaContext.currentStream(deviceIndex) : 0;
    }

    /**
     * Makes the tensors' GPU the current device for a kernel call (the CUDA kernels run on the current
     * device) and restores the previous one on close; nothing on the CPU.
     */
    Scope enter() {
        return cuda ? CudaContext.onDevice(deviceIndex) : () -> {};
    }

    /** What {@link #enter} returns: closing it throws nothing. */
    interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** A new uninitialised contiguous tensor of the op's dtype on this device. */
    Tensor empty(long... sizes) {
        return emptyOf(type, sizes);
    }

    /** A new uninitialised contiguous float32 tensor on this device (softmax and LayerNorm statistics). */
    Tensor emptyFloat32(long... sizes) {
        return emptyOf(torch.ScalarType.Float, sizes);
    }

    private Tensor emptyOf(torch.ScalarType dtype, long... sizes) {
        TensorOptions options = cuda
                ? new TensorOptions(dtype).device(new DeviceOptional(new Device(torch.DeviceType.CUDA, (byte) deviceIndex)))
                : dtype == torch.ScalarType.BFloat16 ? CPU_BFLOAT16 : CPU_FLOAT32;
        return torch.empty(sizes, options, new MemoryFormatOptional());
    }

    /** PyTorch's name of a dtype (float32, not LibTorch's enum name Float). */
    static String dtypeName(torch.ScalarType type) {
        return switch (type) {
            case Float -> "float32";
            case Double -> "float64";
            case Half -> "float16";
            case BFloat16 -> "bfloat16";
            case Long -> "int64";
            case Int -> "int32";
            default -> type.name();
        };
    }

    private static String deviceName(Tensor t) {
        return t.device().str().getString();
    }
}
