package io.github.logoformer.ops;

import io.github.logoformer.abi.Reduction;
import io.github.logoformer.abi.ShapeRules;
import io.github.logoformer.autograd.AutogradBridge;
import io.github.logoformer.autograd.BackwardFunction;
import io.github.logoformer.autograd.ForwardResult;
import io.github.logoformer.kernels.LogoformerNative;
import io.github.logoformer.kernels.NativeStatus;
import java.lang.ref.Reference;
import org.bytedeco.pytorch.GradMode;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Fused compact softmax cross-entropy (DESIGN.md 4.4) on LibTorch tensors, differentiable through
 * LibTorch autograd with respect to the logits.
 *
 * <p>Per row: cross-entropy plus {@code lambda} times R = KL(u || p^) + KL(p^ || u), where p^ is the
 * softmax over the non-target classes and u the uniform distribution on them. A logit of -inf is a
 * masked class: probability 0, left out of u, zero gradient (see {@code lf_compact_loss_fwd} in
 * {@code logoformer.h} for the remaining edge cases). No class weights or label smoothing.
 *
 * <p>logits: [B, C], C >= 2, float32 or bfloat16 on the CPU or float32, bfloat16 or float16 on CUDA,
 * any strides (passed without a copy); the loss is float32. Under autocast the logits are cast to
 * float32 first, as for {@code cross_entropy} (see {@link Autocast}). targets: int64 [B] class indices in [0, C), on the
 * logits' device. When the logits need a gradient, the one fused pass also writes it (for a
 * unit upstream gradient), and the backward only scales it by the upstream gradient: no recomputation,
 * and the graph holds one [B, C] tensor, as it would hold the logits for a recomputing backward.
 * The backward reads nothing a caller can reach, so modifying the logits in place after the forward
 * changes no gradient (as with LibTorch's {@code cross_entropy}, which saves its softmax, not its input).
 *
 * <p>{@link CompactLossReference} computes the same from LibTorch ops.
 */
public final class CompactLoss {
    private CompactLoss() {}

    /** The loss with {@link Reduction#MEAN}. */
    public static Tensor apply(Tensor logits, Tensor targets, double lambda) {
        return apply(logits, targets, lambda, Reduction.MEAN);
    }

    /** The loss: a [B] tensor for {@link Reduction#NONE}, else a scalar tensor. */
    public static Tensor apply(Tensor logits, Tensor targets, double lambda, Reduction reduction) {
        checkArguments(logits, targets, lambda, reduction);
        Tensor[] inputs = Autocast.float32(logits);
        LogoformerNative.load();
        KernelTarget target = KernelTarget.of(inputs[0], "logits");
        target.checkInt64(targets, "targets");
        boolean writeGradient = GradMode.is_enabled() && inputs[0].requires_grad();
        // Targets are read only during the forward, on this thread: no alias needs to outlive the call.
        Tensor result = AutogradBridge.apply("compact_loss", inputs,
                in -> forward(in[0], targets, lambda, reduction, writeGradient, target));
        Reference.reachabilityFence(targets);
        return result;
    }

    private static void checkArguments(Tensor logits, Tensor targets, double lambda, Reduction reduction) {
        TensorChecks.defined(logits, "logits");
        TensorChecks.defined(targets, "targets");
        ShapeRules.compactLoss(TensorChecks.sizes(logits), TensorChecks.sizes(targets), lambda, reduction);
    }

    private static ForwardResult forward(Tensor logits, Tensor targets, double lambda, Reduction reduction,
            boolean writeGradient, KernelTarget target) {
        long batch = logits.size(0), classes = logits.size(1);
        Tensor loss = reduction == Reduction.NONE ? target.emptyFloat32(batch) : target.emptyFloat32();
        Tensor grad = writeGradient ? target.empty(batch, classes) : null;
        int status;
        try (KernelTarget.Scope onDevice = target.enter()) {
            status = LogoformerNative.compactLossForward(
                    target.device(), target.stream(), target.dtype(),
                    batch, classes, (float) lambda, reduction.code(),
                    NativeTensors.address(logits), TensorChecks.strides(logits),
                    NativeTensors.address(targets), targets.stride(0),
                    NativeTensors.address(loss),
                    grad == null ? 0 : NativeTensors.address(grad), grad == null ? null : TensorChecks.strides(grad));
        }
        Reference.reachabilityFence(logits);
        Reference.reachabilityFence(targets);
        NativeStatus.check(status, "lf_compact_loss_fwd");
        return new ForwardResult(loss, grad == null ? null : new Backward(grad.retainReference(), reduction));
    }

    /** Holds the gradient the forward wrote for a unit upstream gradient. */
    private static final class Backward implements BackwardFunction {
        private final Tensor unitGradient;
        private final Reduction reduction;

        Backward(Tensor unitGradient, Reduction reduction) {
            this.unitGradient = unitGradient;
            this.reduction = reduction;
        }

        @Override
        public Tensor[] backward(Tensor gradOutput) {
            // A fresh tensor every time: autograd may accumulate into what it is given. The loss is float32
            // on every device; the gradient keeps the logits' dtype.
            Tensor perRow = (reduction == Reduction.NONE ? gradOutput.unsqueeze(1) : gradOutput)
                    .to(unitGradient.scalar_type().intern());
            return new Tensor[] {torch.mul(unitGradient, perRow)};
        }

        @Override
        public void close() {
            unitGradient.releaseReference();
        }
    }
}
