package io.github.logoformer.ops;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * LibTorch's autocast as the fused ops see it: the cast each op applies to its inputs when autocast is on
 * for their device, and a scope that turns CPU autocast on or off for a region of code.
 *
 * <p>Each fused op follows the policy LibTorch's autocast (2.10) gives the ops it replaces, so a model
 * runs unchanged under autocast with fused or reference ops:
 * <ul>
 *   <li>window and cross attention replace matmul, softmax, matmul (like
 *       {@code scaled_dot_product_attention}): matmul is a lower-precision op, so every floating input is
 *       cast to the autocast dtype ({@link #lowerPrecision});
 *   <li>global tokens replace {@code conv3d} (lower precision) and {@code layer_norm} (no policy on the
 *       CPU: it runs in its input's dtype, the convolution's): every input, the LayerNorm's gamma and beta
 *       included, is cast to the autocast dtype; on CUDA, where autocast runs {@code layer_norm} in
 *       float32, the output is then cast to float32;
 *   <li>the compact loss replaces {@code cross_entropy} and {@code kl_div}, both float32 ops: the logits
 *       are cast to float32 ({@link #float32}); {@link CompactLossReference} applies the same cast, so the
 *       loss is a float32 computation under autocast with either ops.
 * </ul>
 * The casts are LibTorch's own ({@code cached_cast}): float64 and non-floating tensors are left alone, a
 * parameter's cast is cached until the outermost autocast scope closes, and the casts are differentiable,
 * so gradients reach float32 parameters as float32. Outside autocast nothing is cast: the op runs in its
 * inputs' dtype (a bfloat16 model whose parameters were cast works too).
 */
public final class Autocast {
    private Autocast() {}

    /** Whether autocast is on for the device of {@code t} (never for devices autocast does not know). */
    static boolean isOn(Tensor t) {
        torch.DeviceType device = t.device().type();
        return torch.is_autocast_available(device) && torch.is_autocast_enabled(device);
    }

    /**
     * The inputs of an op that replaces lower-precision ops (matmul, convolution), cast to the autocast
     * dtype of their device when autocast is on there; else the inputs themselves.
     */
    static Tensor[] lowerPrecision(Tensor... inputs) {
        if (inputs.length == 0 || !isOn(inputs[0])) {
            return inputs;
        }
        torch.DeviceType device = inputs[0].device().type();
        return castAll(torch.get_autocast_dtype(device).intern(), device, inputs);
    }

    /** The inputs of an op that replaces float32 ops (losses), cast to float32 when autocast is on. */
    static Tensor[] float32(Tensor... inputs) {
        if (inputs.length == 0 || !isOn(inputs[0])) {
            return inputs;
        }
        return castAll(torch.ScalarType.Float, inputs[0].device().type(), inputs);
    }

    /**
     * The output of an op ending in a LayerNorm: cast to float32 under CUDA autocast, which runs
     * {@code layer_norm} in float32; as it is elsewhere (CPU autocast runs it in its input's dtype).
     */
    static Tensor layerNormOutput(Tensor out) {
        return out.is_cuda() && isOn(out) ? out.to(torch.ScalarType.Float) : out;
    }

    private static Tensor[] castAll(torch.ScalarType type, torch.DeviceType device, Tensor[] inputs) {
        Tensor[] cast = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            cast[i] = torch.cached_cast(type, inputs[i], device);
        }
        return cast;
    }

    /**
     * Turns CPU autocast to {@code dtype} on for this thread until the scope closes ({@code null}: turns it
     * off), then restores the previous state. Like PyTorch's {@code torch.autocast}, closing the outermost
     * scope drops the cache of cast parameters: open a new scope for each forward pass when parameters
     * change in place between passes (an optimiser step, SAM's perturbation).
     *
     * @param dtype {@code BFloat16} or {@code Half}, or null for float32 (autocast off)
     */
    public static Scope cpu(torch.ScalarType dtype) {
        if (dtype != null && dtype != torch.ScalarType.BFloat16 && dtype != torch.ScalarType.Half) {
            throw new IllegalArgumentException("dtype: expected bfloat16 or float16 for CPU autocast (or null for off), got "
                    + KernelTarget.dtypeName(dtype));
        }
        torch.DeviceType cpu = torch.DeviceType.CPU;
        boolean wasOn = torch.is_autocast_enabled(cpu);
        torch.ScalarType previous = torch.get_autocast_dtype(cpu).intern();
        torch.set_autocast_enabled(cpu, dtype != null);
        if (dtype != null) {
            torch.set_autocast_dtype(cpu, dtype);
        }
        torch.increment_nesting();
        return () -> {
            if (torch.decrement_nesting() == 0) {
                torch.clear_cache();
            }
            torch.set_autocast_enabled(cpu, wasOn);
            torch.set_autocast_dtype(cpu, previous);
        };
    }

    /** What {@link #cpu} returns: closing it throws nothing. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
