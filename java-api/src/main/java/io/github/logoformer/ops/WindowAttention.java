package io.github.logoformer.ops;

import io.github.logoformer.abi.WindowAttentionConfig;
import io.github.logoformer.autograd.AutogradBridge;
import io.github.logoformer.autograd.BackwardFunction;
import io.github.logoformer.autograd.ForwardResult;
import io.github.logoformer.kernels.LogoformerNative;
import io.github.logoformer.kernels.NativeStatus;
import java.lang.ref.Reference;
import org.bytedeco.pytorch.Tensor;

/**
 * Fused local windowed spatio-temporal attention (DESIGN.md 4.1) on LibTorch tensors, differentiable
 * through LibTorch autograd.
 *
 * <p>q, k, v: [B, T, heads, D] (float32 or bfloat16 on the CPU; float32, bfloat16 or float16 on CUDA) with
 * T = G + F*H*W (G leading tokens such as CLS, then the grid in (t, y, x) order). Any strides are
 * accepted and passed to the kernel without copies, so q, k and v may be {@code select} views of one
 * packed [B, T, 3, heads, D] projection. Each grid query attends to its window's keys plus the G
 * leading keys; the G leading rows of the output are zero (they are not window queries: a residual
 * passes them through). Under autocast q, k and v are cast to the autocast dtype first, as for
 * {@code scaled_dot_product_attention} (see {@link Autocast}).
 *
 * <p>{@link WindowAttentionReference} computes the same from LibTorch ops.
 */
public final class WindowAttention {
    private WindowAttention() {}

    public static Tensor apply(Tensor q, Tensor k, Tensor v, WindowAttentionConfig config) {
        long[] sizes = checkedSizes(q, k, v, config);
        Tensor[] inputs = Autocast.lowerPrecision(q, k, v);
        LogoformerNative.load();
        KernelTarget target = KernelTarget.of(inputs[0], "q");
        target.check(inputs[1], "k");
        target.check(inputs[2], "v");
        return AutogradBridge.apply("window_attention", inputs, in -> forward(in, sizes, config, target));
    }

    private static long[] checkedSizes(Tensor q, Tensor k, Tensor v, WindowAttentionConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config: expected a WindowAttentionConfig, got null");
        }
        TensorChecks.defined(q, "q");
        TensorChecks.defined(k, "k");
        TensorChecks.defined(v, "v");
        long[] sizes = TensorChecks.sizes(q);
        config.checkTokens(sizes, TensorChecks.sizes(k), TensorChecks.sizes(v));
        return sizes;
    }

    private static ForwardResult forward(Tensor[] in, long[] sizes, WindowAttentionConfig c, KernelTarget target) {
        Tensor q = in[0], k = in[1], v = in[2];
        Tensor out = target.empty(sizes);
        Tensor lse = target.emptyFloat32(sizes[0], sizes[2], c.grid().volume());
        int status;
        try (KernelTarget.Scope onDevice = target.enter()) {
            status = LogoformerNative.windowAttentionForward(
                    target.device(), target.stream(), target.dtype(),
                    sizes[0], sizes[2], sizes[3],
                    c.grid().frames(), c.grid().height(), c.grid().width(), c.leadingTokens(),
                    c.window().frames(), c.window().height(), c.window().width(),
                    (float) c.scale(),
                    NativeTensors.address(q), TensorChecks.strides(q),
                    NativeTensors.address(k), TensorChecks.strides(k),
                    NativeTensors.address(v), TensorChecks.strides(v),
                    NativeTensors.address(out), TensorChecks.strides(out),
                    NativeTensors.address(lse));
        }
        Reference.reachabilityFence(in);
        NativeStatus.check(status, "lf_window_attention_fwd");
        // The backward keeps its own alias of out: the caller may get (and free) out itself.
        Tensor savedOut = out.detach().retainReference();
        return new ForwardResult(out, new Backward(in, savedOut, lse.retainReference(), sizes, c, target),
                in[0], in[1], in[2], savedOut);
    }

    /** The saved forward state and the fused backward kernel. */
    private record Backward(Tensor[] in, Tensor out, Tensor lse, long[] sizes, WindowAttentionConfig c,
            KernelTarget target) implements BackwardFunction {
        @Override
        public Tensor[] backward(Tensor gradOutput) {
            Tensor dq = target.empty(sizes);
            Tensor dk = target.empty(sizes);
            Tensor dv = target.empty(sizes);
            int status;
            try (KernelTarget.Scope onDevice = target.enter()) {
                status = LogoformerNative.windowAttentionBackward(
                        target.device(), target.stream(), target.dtype(),
                        sizes[0], sizes[2], sizes[3],
                        c.grid().frames(), c.grid().height(), c.grid().width(), c.leadingTokens(),
                        c.window().frames(), c.window().height(), c.window().width(),
                        (float) c.scale(),
                        NativeTensors.address(in[0]), TensorChecks.strides(in[0]),
                        NativeTensors.address(in[1]), TensorChecks.strides(in[1]),
                        NativeTensors.address(in[2]), TensorChecks.strides(in[2]),
                        NativeTensors.address(out), TensorChecks.strides(out),
                        NativeTensors.address(lse),
                        NativeTensors.address(gradOutput), TensorChecks.strides(gradOutput),
                        NativeTensors.address(dq), TensorChecks.strides(dq),
                        NativeTensors.address(dk), TensorChecks.strides(dk),
                        NativeTensors.address(dv), TensorChecks.strides(dv));
            }
            Reference.reachabilityFence(gradOutput);
            NativeStatus.check(status, "lf_window_attention_bwd");
            return new Tensor[] {dq, dk, dv};
        }

        @Override
        public void close() {
            out.releaseReference();
            lse.releaseReference();
        }
    }
}
