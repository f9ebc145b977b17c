package io.github.logoformer.autograd;

import java.util.Objects;
import org.bytedeco.pytorch.Tensor;

/**
 * The raw output of a forward pass, the function that differentiates it, and the tensors that function
 * reads which a caller could modify in place: the inputs it uses (the aliases forward received) and an
 * alias of the output if it keeps one. Like PyTorch's {@code ctx.save_for_backward}, the bridge records
 * their version counters when the output joins the graph and fails the backward, with LibTorch's
 * "modified by an inplace operation" error, when one has changed since: the gradients would otherwise be
 * computed from the new values. Tensors private to the op (statistics it allocated) need not be listed.
 */
public record ForwardResult(Tensor output, BackwardFunction backward, Tensor... saved) {
    public ForwardResult {
        saved = saved == null ? new Tensor[0] : saved.clone();
        for (Tensor t : saved) {
            Objects.requireNonNull(t, "saved: expected tensors, got a null entry");
        }
    }
}
