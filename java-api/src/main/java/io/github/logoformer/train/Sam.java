package io.github.logoformer.train;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Sharpness-aware minimisation (SAM, Foret et al. 2021) around an {@link UpdateRule}, as LOGO-Former
 * trains. One {@link #step}: the loss and its gradient g at w; a move to {@code w + rho * g / ||g||}
 * (||g|| over all parameters together); the gradient there; back to w; then the rule's update with that
 * second gradient. With {@code rho = 0} it is the plain rule: one pass per step.
 *
 * <p>Works directly on the parameter tensors (in place, under {@link NoGradGuard}); the rule's state
 * lives as long as this object. Create it outside any PointerScope.
 */
public final class Sam {
    private final List<Tensor> parameters = new ArrayList<>();
    private final UpdateRule rule;
    private final double rho;

    /** @param rule builds the update rule for the trained parameters (those that require a gradient) */
    public Sam(TensorVector parameters, double rho, Function<List<Tensor>, UpdateRule> rule) {
        if (!(rho >= 0)) {
            throw new IllegalArgumentException("rho: expected >= 0, got " + rho);
        }
        this.rho = rho;
        for (long i = 0; i < parameters.size(); i++) {
            Tensor p = new Tensor(parameters.get(i));  // an owning handle: the vector may be a temporary
            if (p.requires_grad()) {
                this.parameters.add(p);
            }
        }
        this.rule = rule.apply(List.copyOf(this.parameters));
    }

    /** The trained parameters, in the module's order. */
    public List<Tensor> parameters() {
        return parameters;
    }

    /** The update rule's state (checkpoints save and restore it in place). */
    public List<Tensor> state() {
        return rule.state();
    }

    /**
     * One SAM step at learning rate {@code lr}. {@code loss} runs the forward pass and returns the
     * scalar loss; it is called twice (once with {@code rho = 0}).
     *
     * @return the loss at w before the step (the first pass)
     */
    public double step(double lr, Supplier<Tensor> loss) {
        return step(lr, loss, GradientSync.NONE);
    }

    /**
     * One SAM step whose gradients {@code sync} makes the whole job's after each backward pass (data
     * parallel: the average over the processes; the ascent then uses the averaged gradient's norm).
     * {@code loss} may return null when this process holds no clips of the step: it contributes no
     * gradient, takes part in the sync, and the returned loss is 0.
     */
    public double step(double lr, Supplier<Tensor> loss, GradientSync sync) {
        zeroGradients();
        Tensor first = loss.get();
        double value = 0;
        if (first != null) {
            first.backward();
            value = first.item_double();
        }
        sync.afterBackward();
        if (rho > 0) {
            List<Tensor> ascent = ascend();
            zeroGradients();
            Tensor second = loss.get();
            if (second != null) {
                second.backward();
            }
            sync.afterBackward();
            try (NoGradGuard guard = new NoGradGuard()) {
                for (int i = 0; i < parameters.size(); i++) {
                    if (ascent.get(i) != null) {
                        parameters.get(i).sub_(ascent.get(i));
                    }
                }
            }
        }
        rule.update(lr);
        return value;
    }

    /** Moves every parameter by rho * g / ||g|| and returns the moves (null where no gradient). */
    private List<Tensor> ascend() {
        List<Tensor> moves = new ArrayList<>(parameters.size());
        try (NoGradGuard guard = new NoGradGuard()) {
            double scale = rho / (gradientNorm() + 1e-12);
            for (Tensor p : parameters) {
                Tensor g = p.grad();
                if (g.defined()) {
                    Tensor move = g.mul(new Scalar(scale));
                    p.add_(move);
                    moves.add(move);
                } else {
                    moves.add(null);
                }
            }
        }
        return moves;
    }

    /**
     * ||g|| over all parameters together: each parameter's norm widened to float64, then the norm of those,
     * read back once (one device sync per step, not one per parameter).
     */
    private double gradientNorm() {
        try (TensorVector norms = new TensorVector()) {
            for (Tensor p : parameters) {
                Tensor g = p.grad();
                if (g.defined()) {
                    norms.push_back(g.norm().to(torch.ScalarType.Double));
                }
            }
            if (norms.empty()) {
                return 0;
            }
            try (Tensor stacked = torch.stack(norms); Tensor norm = stacked.norm()) {
                return norm.item_double();
            }
        }
    }

    private void zeroGradients() {
        for (Tensor p : parameters) {
            Tensor g = p.grad();
            if (g.defined()) {
                g.zero_();
            }
        }
    }
}
