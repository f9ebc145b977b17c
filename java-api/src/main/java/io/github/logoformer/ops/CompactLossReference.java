package io.github.logoformer.ops;

import io.github.logoformer.abi.Reduction;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/**
 * {@link CompactLoss} composed from plain LibTorch ops, written from the definition: cross-entropy
 * from log_softmax and gather, then both KL divergences (with their log m terms) from a log_softmax
 * over the valid non-target classes, chosen by a boolean mask built with {@code scatter_}.
 * Differentiable by LibTorch itself, any floating dtype; under autocast the logits are cast to float32
 * first, as the fused op's are (LibTorch runs {@code cross_entropy} and {@code kl_div} in float32, but
 * not the {@code log_softmax} this composition is built from). The test oracle of the fused op and the
 * baseline of its benchmarks.
 *
 * <p>Masked classes (logit -inf) follow the fused op's contract: left out of u, zero gradient. Every
 * -inf is replaced by 0 before it can meet a multiplication, so no NaN reaches the gradients.
 */
public final class CompactLossReference {
    private CompactLossReference() {}

    /** Same contract as {@link CompactLoss#apply(Tensor, Tensor, double, Reduction)}, any floating dtype. */
    public static Tensor apply(Tensor logits, Tensor targets, double lambda, Reduction reduction) {
        logits = Autocast.float32(logits)[0];
        // Scalars are native objects: made per call, so a caller's PointerScope frees them.
        Scalar zero = new Scalar(0.0), one = new Scalar(1.0), minusInfinity = new Scalar(Double.NEGATIVE_INFINITY);
        Tensor targetColumn = targets.unsqueeze(1);
        Tensor crossEntropy = torch.log_softmax(logits, 1).gather(1, targetColumn).squeeze(1).neg();

        Tensor isTarget = torch.zeros(TensorChecks.sizes(logits), new TensorOptions(torch.ScalarType.Bool))
                .scatter_(1, targetColumn, one);
        Tensor invalid = isTarget.logical_or(logits.eq(minusInfinity));
        Tensor count = invalid.logical_not().sum(new long[] {1}, true, new ScalarTypeOptional(logits.scalar_type()));
        Tensor safeCount = count.clamp_min(one);
        // A row with no valid class gets finite stand-ins (all masked out below): log_softmax of an
        // all -inf row would be NaN, and NaN survives masking in the backward.
        Tensor otherLogits = logits.masked_fill(invalid, minusInfinity).masked_fill(count.eq(zero), zero);
        Tensor logP = torch.log_softmax(otherLogits, 1).masked_fill(invalid, zero);
        Tensor p = logP.exp().masked_fill(invalid, zero);
        Tensor logM = safeCount.log();

        Tensor uniformOverP = logM.neg().sub(logP).masked_fill(invalid, zero).sum(1).div(safeCount.squeeze(1));
        Tensor pOverUniform = p.mul(logP.add(logM)).masked_fill(invalid, zero).sum(1);
        Tensor loss = crossEntropy.add(uniformOverP.add(pOverUniform).mul(new Scalar(lambda)));
        return switch (reduction) {
            case NONE -> loss;
            case MEAN -> loss.mean();
            case SUM -> loss.sum();
        };
    }
}
