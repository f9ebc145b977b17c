package io.github.logoformer.ops;

import io.github.logoformer.abi.GlobalTokensConfig;
import io.github.logoformer.autograd.AutogradBridge;
import io.github.logoformer.autograd.BackwardFunction;
import io.github.logoformer.autograd.ForwardResult;
import io.github.logoformer.kernels.LogoformerNative;
import io.github.logoformer.kernels.NativeStatus;
import java.lang.ref.Reference;
import org.bytedeco.pytorch.Tensor;

/**
 * LOGO-Former's pooled tokens, fused (DESIGN.md 4.2): a depthwise 3-D convolution whose kernel equals
 * its stride over the token grid, plus bias, then LayerNorm over channels; differentiable through
 * LibTorch autograd for x and every parameter.
 *
 * <p>x: [B, F*H*W, C] grid tokens (float32 or bfloat16 on the CPU; float32, bfloat16 or float16 on
 * CUDA) in (t, y, x) order (a {@code narrow} past CLS works, any strides); weight: [C, 1, pf, ph, pw]
 * (a depthwise {@code Conv3d}'s weight); bias, gamma, beta: [C], all of x's dtype. Returns [B, M, C]
 * with M = (F/pf)(H/ph)(W/pw) in (t, y, x) order. Under autocast every input is cast to the autocast
 * dtype first, as {@code conv3d} is (see {@link Autocast}). {@link GlobalTokensReference} computes the
 * same with {@code conv3d} and {@code layer_norm}.
 */
public final class GlobalTokens {
    private GlobalTokens() {}

    public static Tensor apply(Tensor x, Tensor weight, Tensor bias, Tensor gamma, Tensor beta,
            GlobalTokensConfig config) {
        long[] xSizes = checkedSizes(x, weight, bias, gamma, beta, config);
        Tensor[] inputs = Autocast.lowerPrecision(x, weight, bias, gamma, beta);
        LogoformerNative.load();
        KernelTarget target = KernelTarget.of(inputs[0], "x");
        target.check(inputs[1], "weight");
        target.check(inputs[2], "bias");
        target.check(inputs[3], "gamma");
        target.check(inputs[4], "beta");
        Tensor pooled = AutogradBridge.apply("global_tokens", inputs, in -> forward(in, xSizes, config, target));
        return Autocast.layerNormOutput(pooled);
    }

    private static long[] checkedSizes(Tensor x, Tensor weight, Tensor bias, Tensor gamma, Tensor beta,
            GlobalTokensConfig c) {
        if (c == null) {
            throw new IllegalArgumentException("config: expected a GlobalTokensConfig, got null");
        }
        Tensor[] all = {x, weight, bias, gamma, beta};
        String[] names = {"x", "weight", "bias", "gamma", "beta"};
        for (int i = 0; i < all.length; i++) {
            TensorChecks.defined(all[i], names[i]);
        }
        long[] xSizes = TensorChecks.sizes(x);
        c.checkSizes(xSizes, TensorChecks.sizes(weight), TensorChecks.sizes(bias), TensorChecks.sizes(gamma),
                TensorChecks.sizes(beta));
        return xSizes;
    }

    private static ForwardResult forward(Tensor[] in, long[] xSizes, GlobalTokensConfig c, KernelTarget target) {
        long batch = xSizes[0], channels = xSizes[2], pooled = c.pooledTokens();
        Tensor out = target.empty(batch, pooled, channels);
        Tensor mean = target.emptyFloat32(batch, pooled);
        Tensor rstd = target.emptyFloat32(batch, pooled);
        int status;
        try (KernelTarget.Scope onDevice = target.enter()) {
            status = LogoformerNative.globalTokensForward(
                    target.device(), target.stream(), target.dtype(), batch, channels,
                    c.grid().frames(), c.grid().height(), c.grid().width(),
                    c.pool().frames(), c.pool().height(), c.pool().width(), (float) c.eps(),
                    NativeTensors.address(in[0]), TensorChecks.strides(in[0]),
                    NativeTensors.address(in[1]), weightStrides(in[1]),
                    NativeTensors.address(in[2]), in[2].stride(0),
                    NativeTensors.address(in[3]), in[3].stride(0),
                    NativeTensors.address(in[4]), in[4].stride(0),
                    NativeTensors.address(out), TensorChecks.strides(out),
                    NativeTensors.address(mean), NativeTensors.address(rstd));
        }
        Reference.reachabilityFence(in);
        NativeStatus.check(status, "lf_global_tokens_fwd");
        // The backward reads x, weight, bias and gamma (it recomputes the convolution), not beta.
        return new ForwardResult(out, new Backward(in, mean.retainReference(), rstd.retainReference(), xSizes, c, target),
                in[0], in[1], in[2], in[3]);
    }

    /** [C, 1, pf, ph, pw] strides without the singleton dim: the kernel's [C, pf, ph, pw]. */
    private static long[] weightStrides(Tensor weight) {
        long[] strides = TensorChecks.strides(weight);
        return new long[] {strides[0], strides[2], strides[3], strides[4]};
    }

    /** The saved LayerNorm statistics and the fused backward kernel. */
    private record Backward(Tensor[] in, Tensor mean, Tensor rstd, long[] xSizes, GlobalTokensConfig c,
            KernelTarget target) implements BackwardFunction {
        @Override
        public Tensor[] backward(Tensor gradOutput) {
            long channels = xSizes[2];
            Tensor dx = target.empty(xSizes);
            Tensor dWeight = target.empty(TensorChecks.sizes(in[1]));
            Tensor dBias = target.empty(channels);
            Tensor dGamma = target.empty(channels);
            Tensor dBeta = target.empty(channels);
            int status;
            try (KernelTarget.Scope onDevice = target.enter()) {
                status = LogoformerNative.globalTokensBackward(
                        target.device(), target.stream(), target.dtype(), xSizes[0], channels,
                        c.grid().frames(), c.grid().height(), c.grid().width(),
                        c.pool().frames(), c.pool().height(), c.pool().width(), (float) c.eps(),
                        NativeTensors.address(in[0]), TensorChecks.strides(in[0]),
                        NativeTensors.address(in[1]), weightStrides(in[1]),
                        NativeTensors.address(in[2]), in[2].stride(0),
                        NativeTensors.address(in[3]), in[3].stride(0),
                        NativeTensors.address(mean), NativeTensors.address(rstd),
                        NativeTensors.address(gradOutput), TensorChecks.strides(gradOutput),
                        NativeTensors.address(dx), TensorChecks.strides(dx),
                        NativeTensors.address(dWeight), weightStrides(dWeight),
                        NativeTensors.address(dBias), 1, NativeTensors.address(dGamma), 1,
                        NativeTensors.address(dBeta), 1);
            }
            Reference.reachabilityFence(gradOutput);
            NativeStatus.check(status, "lf_global_tokens_bwd");
            return new Tensor[] {dx, dWeight, dBias, dGamma, dBeta};
        }

        @Override
        public void close() {
            mean.releaseReference();
            rstd.releaseReference();
        }
    }
}
