package io.github.logoformer.ops;

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
 * <p>q, k, v: float32 CPU tensors [B, T, heads, D] with T = G + F*H*W (G leading global tokens, then
 * the grid in (t, y, x) order). Any strides are accepted and passed to the kernel without copies,
 * so q, k and v may be {@code select} views of one packed [B, T, 3, heads, D] projection. Each
 * grid query attends to its window's keys plus the G global keys; the G global rows of the output
 * are zero (they are not window queries: a residual passes them through).
 *
 * <p>{@link WindowAttentionReference} computes the same from LibTorch ops.
 */
public final class WindowAttention {
    private WindowAttention() {}

    public static Tensor apply(Tensor q, Tensor k, Tensor v, WindowAttentionConfig config) {
        long[] sizes = checkedSizes(q, k, v, config);
        LogoformerNative.load();
        return AutogradBridge.apply("window_attention", new Tensor[] {q, k, v}, in -> forward(in, sizes, config));
    }

    private static long[] checkedSizes(Tensor q, Tensor k, Tensor v, WindowAttentionConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config: expected a WindowAttentionConfig, got null");
        }
        TensorChecks.defined(q, "q");
        TensorChecks.defined(k, "k");
        TensorChecks.defined(v, "v");
        TensorChecks.dims(q, "q", 4, "[B, T, heads, D]");
        long[] sizes = TensorChecks.sizes(q);
        TensorChecks.sameSizes(k, "k", sizes, "q");
        TensorChecks.sameSizes(v, "v", sizes, "q");
        if (sizes[1] != config.tokens()) {
            throw new IllegalArgumentException("q: expected T = globalTokens + grid volume = " + config.globalTokens()
                    + " + " + config.grid().volume() + " = " + config.tokens() + " tokens in dim 1, got " + sizes[1]);
        }
        TensorChecks.nonEmpty(q, "q");
        TensorChecks.float32Cpu(q, "q");
        TensorChecks.float32Cpu(k, "k");
        TensorChecks.float32Cpu(v, "v");
        return sizes;
    }

    private static ForwardResult forward(Tensor[] in, long[] sizes, WindowAttentionConfig c) {
        Tensor q = in[0], k = in[1], v = in[2];
        Tensor out = NativeTensors.emptyFloat32(sizes);
        Tensor lse = NativeTensors.emptyFloat32(sizes[0], sizes[2], c.grid().volume());
        int status = LogoformerNative.windowAttentionForward(
                LogoformerNative.LF_DEVICE_CPU, 0, LogoformerNative.LF_DTYPE_FLOAT32,
                sizes[0], sizes[2], sizes[3],
                c.grid().frames(), c.grid().height(), c.grid().width(), c.globalTokens(),
                c.window().frames(), c.window().height(), c.window().width(),
                (float) c.scale(),
                NativeTensors.address(q), TensorChecks.strides(q),
                NativeTensors.address(k), TensorChecks.strides(k),
                NativeTensors.address(v), TensorChecks.strides(v),
                NativeTensors.address(out), TensorChecks.strides(out),
                NativeTensors.address(lse));
        Reference.reachabilityFence(in);
        NativeStatus.check(status, "lf_window_attention_fwd");
        // The backward keeps its own alias of out: the caller may get (and free) out itself.
        return new ForwardResult(out, new Backward(in, out.detach().retainReference(), lse.retainReference(), sizes, c));
    }

    /** The saved forward state and the fused backward kernel. */
    private record Backward(Tensor[] in, Tensor out, Tensor lse, long[] sizes, WindowAttentionConfig c)
            implements BackwardFunction {
        @Override
        public Tensor[] backward(Tensor gradOutput) {
            Tensor dq = NativeTensors.emptyFloat32(sizes);
            Tensor dk = NativeTensors.emptyFloat32(sizes);
            Tensor dv = NativeTensors.emptyFloat32(sizes);
            Tensor dOut = gradOutput;  // float32 like out: the engine casts gradients to the output's type
            int status = LogoformerNative.windowAttentionBackward(
                    LogoformerNative.LF_DEVICE_CPU, 0, LogoformerNative.LF_DTYPE_FLOAT32,
                    sizes[0], sizes[2], sizes[3],
                    c.grid().frames(), c.grid().height(), c.grid().width(), c.globalTokens(),
                    c.window().frames(), c.window().height(), c.window().width(),
                    (float) c.scale(),
                    NativeTensors.address(in[0]), TensorChecks.strides(in[0]),
                    NativeTensors.address(in[1]), TensorChecks.strides(in[1]),
                    NativeTensors.address(in[2]), TensorChecks.strides(in[2]),
                    NativeTensors.address(out), TensorChecks.strides(out),
                    NativeTensors.address(lse),
                    NativeTensors.address(dOut), TensorChecks.strides(dOut),
                    NativeTensors.address(dq), TensorChecks.strides(dq),
                    NativeTensors.address(dk), TensorChecks.strides(dk),
                    NativeTensors.address(dv), TensorChecks.strides(dv));
            Reference.reachabilityFence(dOut);
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
