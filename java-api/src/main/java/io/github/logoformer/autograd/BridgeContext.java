package io.github.logoformer.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.GradMode;
import org.bytedeco.pytorch.LongArrayRef;
import org.bytedeco.pytorch.Node;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/**
 * One bridged op call whose output joined the autograd graph: owns the input aliases, the op's
 * {@link BackwardFunction} and the hooks, and hands the gradients it computes to the inputs' hooks.
 *
 * <p>The joined output is {@code raw.detach()} with {@code taps * sentinel} added in place to its first
 * element, where each tap is an exactly-zero function of a fresh view of one input and the sentinel is
 * -0.0. The multiplication's node saves the sentinel, so {@code sentinel.use_count() == 1} tells that the
 * graph was consumed or destroyed. The context never references the joined output,
 * which would keep the graph (and so the context) alive.
 */
final class BridgeContext {
    /** Adding -0.0 leaves every value, signed zeros included, bit-for-bit unchanged. */
    private static final Scalar NEGATIVE_ZERO = new Scalar(-0.0).retainReference();

    private final String opName;
    private final Tensor[] aliases;
    private final boolean[] tracked;
    private final BackwardFunction backward;
    private final Tensor[] saved;
    private final long[] savedVersions;
    private final List<Pointer> hooks = new ArrayList<>();
    private final Tensor[] pending;
    private long[] outputShape;
    private Tensor sentinel;
    private int pendingCount;
    private long handOuts;
    private boolean leftoverSeen;
    private long handOutsWhenLeftoverSeen;
    private boolean released;

    BridgeContext(String opName, Tensor[] aliases, boolean[] tracked, BackwardFunction backward, Tensor[] saved) {
        this.opName = opName;
        this.aliases = aliases;
        this.tracked = tracked;
        this.backward = backward;
        this.saved = saved;
        this.savedVersions = new long[saved.length];
        this.pending = new Tensor[aliases.length];
    }

    /** Builds the joined output; grad mode must be on. */
    Tensor join(Tensor[] inputs, Tensor raw) {
        Tensor taps = null;
        for (int i = 0; i < inputs.length; i++) {
            if (tracked[i]) {
                Tensor tap = tapWithHook(inputs[i], i);
                if (taps == null) {
                    taps = tap;
                } else {
                    Tensor sum = taps.add(tap);
                    taps.close();
                    tap.close();
                    taps = sum;
                }
            }
        }
        try (LongArrayRef sizes = raw.sizes();
                TensorOptions options = raw.options()) {
            outputShape = sizes.vec().get();
            sentinel = torch.full(new long[0], NEGATIVE_ZERO, options).retainReference();
        }
        // In-place on a fresh alias: no copy of the output. An output sharing storage with an input is
        // cloned, so the in-place write cannot bump the version counter the caller's graph checks.
        Tensor joined = sharesStorageWithInput(raw) ? raw.clone() : raw.detach();
        // taps * sentinel (exactly -0.0) is added to one element only, through a view: the forward then
        // costs nothing per element and the backward one copy of the output's gradient (LibTorch's
        // CopySlices), where an addcmul_ over the whole output cost a pass each way (in bfloat16 it made
        // a window attention's forward 2.4x slower with grad on than off). Mul's node saves the sentinel.
        try (Tensor tapped = taps.mul(sentinel); Tensor element = firstElement(joined)) {
            element.add_(tapped);
        } finally {
            taps.close();
        }
        try (Node node = joined.grad_fn()) {
            OutputGradientHook hook = new OutputGradientHook(this);
            hooks.add(hook);
            node.add_post_hook(hook);
        }
        // After the in-place add, which bumped the counter an alias of the output shares with joined.
        for (int i = 0; i < saved.length; i++) {
            savedVersions[i] = saved[i]._version();
        }
        return joined;
    }

    /** A view of {@code t}'s first element (of {@code t} itself when it has at most one element). */
    private static Tensor firstElement(Tensor t) {
        if (t.numel() <= 1) {
            return t.alias();
        }
        Tensor view = t.narrow(0, 0, 1);
        for (long d = 1, dims = t.dim(); d < dims; d++) {
            Tensor narrower = view.narrow(d, 0, 1);
            view.close();
            view = narrower;
        }
        return view;
    }

    /** A zero scalar depending on a fresh view of {@code input}, whose node gets the gradient hook. */
    private Tensor tapWithHook(Tensor input, int slot) {
        // A 0-dim input is viewed as shape [1] so it can be sliced; the view node reshapes back.
        try (LongArrayRef sizes = input.sizes();
                Tensor view = input.dim() == 0 ? input.view(1) : input.view(sizes);
                Node node = view.grad_fn();
                // An empty slice, never a multiplication by zero, so inf/NaN inputs cannot leak NaN.
                Tensor empty = view.narrow(0, 0, 0)) {
            InputGradientHook hook = new InputGradientHook(this, slot);
            hooks.add(hook);
            node.add_pre_hook(hook);
            return empty.sum();
        }
    }

    private boolean sharesStorageWithInput(Tensor raw) {
        for (Tensor alias : aliases) {
            if (raw.is_alias_of(alias)) {
                return true;
            }
        }
        return false;
    }

    /** Runs the op's backward for one backward pass; called by {@link OutputGradientHook}. */
    void runBackward(Tensor gradOutputView) {
        if (GradMode.is_enabled()) {
            // The engine runs hooks in grad mode exactly when create_graph is set.
            throw new BackwardException(opName + ": create_graph=true (double backward) is not supported:"
                    + " the fused backward's gradients would enter the graph as constants");
        }
        checkSavedVersions();
        Tensor[] grads;
        try (PointerScope scope = new PointerScope()) {
            Tensor gradOutput = new Tensor(gradOutputView);
            if (!gradOutput.defined()) {
                gradOutput = sentinel.new_zeros(outputShape);
            }
            grads = backward.backward(gradOutput);
            checkGradients(grads);
            for (int i = 0; i < grads.length; i++) {
                if (tracked[i] && grads[i] != null) {
                    grads[i].retainReference(); // survives the scope until handed out or released
                }
            }
        }
        synchronized (this) {
            dropPending();
            for (int i = 0; i < grads.length; i++) {
                if (tracked[i]) {
                    pending[i] = grads[i];
                    pendingCount++;
                }
            }
        }
    }

    /** LibTorch's SavedVariable check, with its message, for the tensors the op's backward reads. */
    private void checkSavedVersions() {
        for (int i = 0; i < saved.length; i++) {
            long version = saved[i]._version();
            if (version != savedVersions[i]) {
                String type;
                try (LongArrayRef sizes = saved[i].sizes()) {
                    type = saved[i].toString() + " " + Arrays.toString(sizes.vec().get());
                }
                throw new BackwardException("one of the variables needed for gradient computation has been modified"
                        + " by an inplace operation: [" + type + "], which is saved tensor " + i + " of " + opName
                        + ", is at version " + version + "; expected version " + savedVersions[i] + " instead."
                        + " Hint: clone the tensor before modifying it in place, or modify it after backward().");
            }
        }
    }

    private void checkGradients(Tensor[] grads) {
        if (grads == null || grads.length != aliases.length) {
            throw new IllegalStateException(opName + ": backward returned "
                    + (grads == null ? "null" : grads.length + " gradients") + " for " + aliases.length + " inputs");
        }
        for (int i = 0; i < grads.length; i++) {
            if (tracked[i] && grads[i] != null && !(grads[i].defined() && grads[i].is_same_size(aliases[i]))) {
                throw new IllegalStateException(opName + ": gradient " + i + " is undefined or its shape differs from the input's");
            }
        }
    }

    /** Hands the gradient of one input to its hook (null: no gradient). */
    synchronized Tensor takeGradient(int slot) {
        Tensor grad = pending[slot];
        pending[slot] = null;
        if (pendingCount > 0) {
            pendingCount--;
        }
        handOuts++;
        return grad;
    }

    /**
     * True once the graph can no longer call back: its node dropped the sentinel and every computed
     * gradient was handed out. Gradients a partial pass left unclaimed (e.g. autograd::grad on a subset of
     * inputs) count as finished when a whole sweep interval passed without any hand-out.
     */
    synchronized boolean isFinished() {
        if (released) {
            return true;
        }
        if (sentinel.use_count() > 1) {
            leftoverSeen = false;
            return false;
        }
        if (pendingCount == 0 || (leftoverSeen && handOuts == handOutsWhenLeftoverSeen)) {
            return true;
        }
        leftoverSeen = true;
        handOutsWhenLeftoverSeen = handOuts;
        return false;
    }

    /** Closes the op's backward and frees everything this context owns; idempotent. */
    synchronized void release() {
        if (released) {
            return;
        }
        released = true;
        try {
            backward.close();
        } finally {
            dropPending();
            for (Tensor alias : aliases) {
                alias.releaseReference();
            }
            sentinel.releaseReference();
            hooks.clear();
        }
    }

    private void dropPending() {
        for (int i = 0; i < pending.length; i++) {
            if (pending[i] != null) {
                pending[i].releaseReference();
                pending[i] = null;
            }
        }
        pendingCount = 0;
    }
}
