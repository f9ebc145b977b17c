package io.github.logoformer.panama;

import static io.github.logoformer.panama.SegmentChecks.FLOAT_BYTES;

import io.github.logoformer.abi.GlobalTokensConfig;
import java.lang.foreign.MemorySegment;

/**
 * LOGO-Former's pooled tokens (DESIGN.md 4.2) on memory segments: the FFM twin of
 * {@code io.github.logoformer.ops.GlobalTokens}, without autograd.
 *
 * <p>x, dx: float32 [B, F*H*W, C]; weight, dWeight: [C, 1, pf, ph, pw] (a depthwise Conv3d's weight);
 * bias, gamma, beta and their gradients: [C]; out, dOut: [B, M, C] with M = (F/pf)(H/ph)(W/pw); mean,
 * rstd: contiguous float32 [B, M], written by the forward for the backward. Any non-negative strides.
 * Outputs are caller-provided; heap segments are copied (see {@link CallMemory}).
 */
public final class GlobalTokens {
    private GlobalTokens() {}

    public static void forward(TensorSegment x, TensorSegment weight, TensorSegment bias, TensorSegment gamma,
            TensorSegment beta, TensorSegment out, MemorySegment mean, MemorySegment rstd, GlobalTokensConfig config) {
        long[] xSizes = checkedSizes(x, weight, bias, gamma, beta, config);
        long batch = xSizes[0], channels = xSizes[2], pooled = config.pooledTokens();
        SegmentChecks.tensor(out, "out", new long[] {batch, pooled, channels}, "[B, M, C]", FLOAT_BYTES, true);
        SegmentChecks.floats(mean, "mean", batch * pooled, "[B, M]", true);
        SegmentChecks.floats(rstd, "rstd", batch * pooled, "[B, M]", true);
        TensorSegment w = weight.squeeze(1);
        try (CallMemory m = new CallMemory()) {
            int status = logoformer_h.lf_global_tokens_fwd(
                    logoformer_h.LF_DEVICE_CPU(), MemorySegment.NULL, logoformer_h.LF_DTYPE_FLOAT32(), batch, channels,
                    config.grid().frames(), config.grid().height(), config.grid().width(),
                    config.pool().frames(), config.pool().height(), config.pool().width(), (float) config.eps(),
                    m.input(x), m.strides(x), m.input(w), m.strides(w),
                    m.input(bias), bias.stride(0), m.input(gamma), gamma.stride(0), m.input(beta), beta.stride(0),
                    m.output(out), m.strides(out), m.output(mean), m.output(rstd));
            NativeStatus.check(status, "lf_global_tokens_fwd");
            m.commit();
        }
    }

    /** Writes dx, dWeight, dBias, dGamma, dBeta from the forward's inputs, mean, rstd and dOut. */
    public static void backward(TensorSegment x, TensorSegment weight, TensorSegment bias, TensorSegment gamma,
            MemorySegment mean, MemorySegment rstd, TensorSegment dOut, TensorSegment dx, TensorSegment dWeight,
            TensorSegment dBias, TensorSegment dGamma, TensorSegment dBeta, GlobalTokensConfig config) {
        // beta does not enter the backward; its [C] shape is checked through dBeta.
        long[] xSizes = checkedSizes(x, weight, bias, gamma, dBeta, config);
        long batch = xSizes[0], channels = xSizes[2], pooled = config.pooledTokens();
        SegmentChecks.floats(mean, "mean", batch * pooled, "[B, M]", false);
        SegmentChecks.floats(rstd, "rstd", batch * pooled, "[B, M]", false);
        SegmentChecks.tensor(dOut, "dOut", new long[] {batch, pooled, channels}, "[B, M, C]", FLOAT_BYTES, false);
        SegmentChecks.tensor(dx, "dx", xSizes, "x", FLOAT_BYTES, true);
        SegmentChecks.tensor(dWeight, "dWeight", weight.sizes(), "weight", FLOAT_BYTES, true);
        long[] c1 = {channels};
        SegmentChecks.tensor(dBias, "dBias", c1, "[C]", FLOAT_BYTES, true);
        SegmentChecks.tensor(dGamma, "dGamma", c1, "[C]", FLOAT_BYTES, true);
        SegmentChecks.tensor(dBeta, "dBeta", c1, "[C]", FLOAT_BYTES, true);
        TensorSegment w = weight.squeeze(1), dw = dWeight.squeeze(1);
        try (CallMemory m = new CallMemory()) {
            int status = logoformer_h.lf_global_tokens_bwd(
                    logoformer_h.LF_DEVICE_CPU(), MemorySegment.NULL, logoformer_h.LF_DTYPE_FLOAT32(), batch, channels,
                    config.grid().frames(), config.grid().height(), config.grid().width(),
                    config.pool().frames(), config.pool().height(), config.pool().width(), (float) config.eps(),
                    m.input(x), m.strides(x), m.input(w), m.strides(w),
                    m.input(bias), bias.stride(0), m.input(gamma), gamma.stride(0),
                    m.input(mean), m.input(rstd), m.input(dOut), m.strides(dOut),
                    m.output(dx), m.strides(dx), m.output(dw), m.strides(dw),
                    m.output(dBias), dBias.stride(0), m.output(dGamma), dGamma.stride(0),
                    m.output(dBeta), dBeta.stride(0));
            NativeStatus.check(status, "lf_global_tokens_bwd");
            m.commit();
        }
    }

    /** The JavaCPP layer's checks and messages, then the segment bounds of every input. */
    private static long[] checkedSizes(TensorSegment x, TensorSegment weight, TensorSegment bias,
            TensorSegment gamma, TensorSegment beta, GlobalTokensConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config: expected a GlobalTokensConfig, got null");
        }
        TensorSegment[] all = {x, weight, bias, gamma, beta};
        String[] names = {"x", "weight", "bias", "gamma", "beta"};
        for (int i = 0; i < all.length; i++) {
            SegmentChecks.defined(all[i], names[i]);
        }
        long[] xSizes = x.sizes();
        config.checkSizes(xSizes, weight.sizes(), bias.sizes(), gamma.sizes(), beta.sizes());
        for (int i = 0; i < all.length; i++) {
            SegmentChecks.inside(all[i], names[i], FLOAT_BYTES);
        }
        return xSizes;
    }
}
