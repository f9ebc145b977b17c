package io.github.logoformer.nn;

import io.github.logoformer.ops.Autocast;
import io.github.logoformer.ops.NativeLibrary;
import java.util.Locale;
import org.bytedeco.pytorch.global.torch;

/**
 * The precision a model's forward pass runs in on the CPU. Parameters, gradients and optimiser state
 * stay float32 either way; {@link #BF16} runs the forward (and so its backward) under LibTorch's CPU
 * autocast to bfloat16: matmuls, convolutions and attention in bfloat16, LayerNorm statistics, softmax
 * statistics and the loss in float32 (see {@link Autocast}).
 */
public enum Precision {
    /** Everything in float32: autocast off. */
    FP32(null),
    /** Autocast to bfloat16 with float32 master weights. */
    BF16(torch.ScalarType.BFloat16);

    private final torch.ScalarType autocastType;

    Precision(torch.ScalarType autocastType) {
        this.autocastType = autocastType;
    }

    /**
     * Runs what follows in this precision on this thread until the scope closes (then the previous
     * autocast state returns). Open one scope per forward pass: closing it drops the autocast cache of
     * cast parameters, which would go stale when an optimiser changes them in place.
     */
    public Autocast.Scope enter() {
        return Autocast.cpu(autocastType);
    }

    /** The name on command lines and in checkpoints: {@code fp32} or {@code bf16}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The precision named {@code id} ({@code fp32} or {@code bf16}). */
    public static Precision of(String id) {
        for (Precision p : values()) {
            if (p.id().equals(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("precision: expected bf16 or fp32, got '" + id + "'");
    }

    /**
     * {@link #BF16} where the CPU has bfloat16 dot-product instructions (AVX512-BF16 or AMX-BF16), which
     * both LibTorch's matmuls and the fused kernels use; else {@link #FP32}, as bfloat16 without them
     * only converts and rounds.
     */
    public static Precision machineDefault() {
        return NativeLibrary.cpuHasBfloat16DotProducts() ? BF16 : FP32;
    }
}
