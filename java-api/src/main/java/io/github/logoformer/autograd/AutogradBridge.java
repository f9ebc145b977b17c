package io.github.logoformer.autograd;

import java.util.Objects;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.pytorch.GradMode;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Joins ops computed outside LibTorch autograd (fused native kernels) to the autograd graph, since Java
 * cannot subclass {@code torch::autograd::Function}.
 *
 * <p>Like LibTorch's own functions, a backward fails when a tensor the op saved ({@link ForwardResult#saved})
 * was modified in place after the forward. Not supported: double backward ({@code create_graph=true}),
 * refused when the backward runs, since the gradients the op's backward returns would be constants.
 */
public final class AutogradBridge {
    static {
        Loader.load(torch.class);
    }

    private static final ContextRegistry REGISTRY = new ContextRegistry();

    private AutogradBridge() {}

    /**
     * Runs forward on detached aliases of inputs with grad mode off. If grad mode is enabled and any input
     * requires grad, returns the output joined to the autograd graph so that backward() delivers the
     * gradients computed by forward's BackwardFunction to every input that requires grad; otherwise
     * returns forward's output as is. opName is used in error messages.
     */
    public static Tensor apply(String opName, Tensor[] inputs, ForwardFunction forward) {
        Objects.requireNonNull(opName, "opName");
        Objects.requireNonNull(forward, "forward");
        boolean gradEnabled = GradMode.is_enabled();
        boolean[] tracked = new boolean[inputs.length];
        boolean anyTracked = false;
        Tensor[] aliases = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            Objects.requireNonNull(inputs[i], () -> opName + ": input is null");
            tracked[i] = gradEnabled && inputs[i].requires_grad();
            anyTracked |= tracked[i];
            // Retained so the caller's PointerScope or close() cannot free what the op saves.
            aliases[i] = inputs[i].detach().retainReference();
        }
        ForwardResult result = runForward(opName, aliases, forward, gradEnabled);
        Tensor raw = result.output();
        if (!anyTracked || !(raw.is_floating_point() || raw.is_complex())) {
            closeUntracked(result, aliases);
            return raw;
        }
        if (result.backward() == null) {
            closeUntracked(result, aliases);
            throw new IllegalStateException(opName + ": forward returned no BackwardFunction for inputs requiring grad");
        }
        BridgeContext context = new BridgeContext(opName, aliases, tracked, result.backward(), result.saved());
        Tensor joined;
        try {
            joined = context.join(inputs, raw);
        } catch (RuntimeException e) {
            context.release();
            throw e;
        }
        REGISTRY.register(context);
        return joined;
    }

    /** Number of bridge contexts whose graph may still call back (for tests and diagnostics). */
    public static int liveContexts() {
        return REGISTRY.size();
    }

    /** Releases every context whose graph is gone or consumed; returns how many were released. */
    public static int releaseFinished() {
        return REGISTRY.sweep();
    }

    private static ForwardResult runForward(String opName, Tensor[] aliases, ForwardFunction forward, boolean gradEnabled) {
        ForwardResult result;
        GradMode.set_enabled(false);
        try {
            result = forward.forward(aliases.clone());
        } catch (RuntimeException | Error e) {
            releaseAll(aliases, null);
            throw e;
        } finally {
            GradMode.set_enabled(gradEnabled);
        }
        if (result == null || result.output() == null || !result.output().defined()) {
            releaseAll(aliases, null);
            throw new IllegalStateException(opName + ": forward returned no defined output");
        }
        return result;
    }

    /** Nothing can call backward: close it now, keeping an alias only if forward returned it as the output. */
    private static void closeUntracked(ForwardResult result, Tensor[] aliases) {
        try {
            if (result.backward() != null) {
                result.backward().close();
            }
        } finally {
            releaseAll(aliases, result.output());
        }
    }

    private static void releaseAll(Tensor[] aliases, Tensor keep) {
        for (Tensor alias : aliases) {
            if (alias != keep) {
                alias.releaseReference();
            }
        }
    }
}
