package io.github.logoformer.ops;

import io.github.logoformer.abi.ShapeRules;
import io.github.logoformer.autograd.AutogradBridge;
import io.github.logoformer.autograd.BackwardFunction;
import io.github.logoformer.autograd.ForwardResult;
import io.github.logoformer.kernels.LogoformerNative;
import io.github.logoformer.kernels.NativeStatus;
import java.lang.ref.Reference;
import org.bytedeco.pytorch.Tensor;

/**
 * Fused dense (global) attention of Nq queries over a small set of Nk keys (DESIGN.md 4.3), on
 * LibTorch tensors, differentiable through LibTorch autograd: LOGO-Former's global attention,
 * where every token attends to the pooled tokens of {@link GlobalTokens} plus CLS.
 *
 * <p>q: [B, Nq, heads, D]; k, v: [B, Nk, heads, D]; float32 or bfloat16 on the CPU, or float32,
 * bfloat16 or float16 on CUDA; any strides, passed without copies. Per row out = softmax(scale q k^T) v.
 * Under autocast q, k and v are cast to the autocast dtype first (see {@link Autocast}).
 * {@link CrossAttentionReference} computes the same from LibTorch ops.
 */
public final class CrossAttention {
    private CrossAttention() {}

    public static Tensor apply(Tensor q, Tensor k, Tensor v, double scale) {
        long[] qSizes = checkedQuerySizes(q, k, v, scale);
        long[] kSizes = TensorChecks.sizes(k);
        Tensor[] inputs = Autocast.lowerPrecision(q, k, v);
        LogoformerNative.load();
        KernelTarget target = KernelTarget.of(inputs[0], "q");
        target.check(inputs[1], "k");
        target.check(inputs[2], "v");
        return AutogradBridge.apply("cross_attention", inputs,
                in -> forward(in, qSizes, kSizes, (float) scale, target));
    }

    private static long[] checkedQuerySizes(Tensor q, Tensor k, Tensor v, double scale) {
        TensorChecks.defined(q, "q");
        TensorChecks.defined(k, "k");
        TensorChecks.defined(v, "v");
        long[] qSizes = TensorChecks.sizes(q);
        ShapeRules.crossAttention(qSizes, TensorChecks.sizes(k), TensorChecks.sizes(v), scale);
        return qSizes;
    }

    private static ForwardResult forward(Tensor[] in, long[] qSizes, long[] kSizes, float scale, KernelTarget target) {
        Tensor out = target.empty(qSizes);
        Tensor lse = target.emptyFloat32(qSizes[0], qSizes[2], qSizes[1]);
        int status;
        try (KernelTarget.Scope onDevice = target.enter()) {
            status = LogoformerNative.crossAttentionForward(
                    target.device(), target.stream(), target.dtype(),
                    qSizes[0], qSizes[2], qSizes[3], qSizes[1], kSizes[1], scale,
                    NativeTensors.address(in[0]), TensorChecks.strides(in[0]),
                    NativeTensors.address(in[1]), TensorChecks.strides(in[1]),
                    NativeTensors.address(in[2]), TensorChecks.strides(in[2]),
                    NativeTensors.address(out), TensorChecks.strides(out),
                    NativeTensors.address(lse));
        }
        Reference.reachabilityFence(in);
        NativeStatus.check(status, "lf_cross_attention_fwd");
        // The backward keeps its own alias of out: the caller may get (and free) out itself.
        Tensor savedOut = out.detach().retainReference();
        return new ForwardResult(out, new Backward(in, savedOut, lse.retainReference(), qSizes, kSizes, scale, target),
                in[0], in[1], in[2], savedOut);
    }

    /** The saved forward state and the fused backward kernel. */
    private record Backward(Tensor[] in, Tensor out, Tensor lse, long[] qSizes, long[] kSizes, float scale,
            KernelTarget target) implements BackwardFunction {
        @Override
        public Tensor[] backward(Tensor gradOutput) {
            Tensor dq = target.empty(qSizes);
            Tensor dk = target.empty(kSizes);
            Tensor dv = target.empty(kSizes);
            int status;
            try (KernelTarget.Scope onDevice = target.enter()) {
                status = LogoformerNative.crossAttentionBackward(
                        target.device(), target.stream(), target.dtype(),
                        qSizes[0], qSizes[2], qSizes[3], qSizes[1], kSizes[1], scale,
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
            NativeStatus.check(status, "lf_cross_attention_bwd");
            return new Tensor[] {dq, dk, dv};
        }

        @Override
        public void close() {
            out.releaseReference();
            lse.releaseReference();
        }
    }
}
