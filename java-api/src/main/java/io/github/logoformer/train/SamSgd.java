package io.github.logoformer.train;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

/**
 * SGD with momentum and weight decay, wrapped in sharpness-aware minimisation (SAM, Foret et al. 2021),
 * as LOGO-Former trains. One {@link #step}: the loss and its gradient g at w; a move to
 * {@code w + rho * g / ||g||} (||g|| over all parameters together); the gradient there; back to w;
 * then the SGD update with that second gradient:
 * {@code d = g_sam + weightDecay * w; buf = momentum * buf + d; w -= lr * buf} (PyTorch's SGD, no
 * dampening, not Nesterov). With {@code rho = 0} it is plain SGD: one pass per step.
 *
 * <p>Works directly on the parameter tensors (in place, under {@link NoGradGuard}); the momentum
 * buffers are created here and live as long as this object. Create it outside any PointerScope.
 */
public final class SamSgd {
    private final List<Tensor> parameters = new ArrayList<>();
    private final List<Tensor> momentumBuffers = new ArrayList<>();
    private final double momentum;
    private final double weightDecay;
    private final double rho;

    public SamSgd(TensorVector parameters, double momentum, double weightDecay, double rho) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum: expected [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weightDecay: expected >= 0, got " + weightDecay);
        }
        if (!(rho >= 0)) {
            throw new IllegalArgumentException("rho: expected >= 0, got " + rho);
        }
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.rho = rho;
        try (NoGradGuard guard = new NoGradGuard()) {
            for (long i = 0; i < parameters.size(); i++) {
                Tensor p = new Tensor(parameters.get(i));  // an owning handle: the vector may be a temporary
                if (p.requires_grad()) {
                    this.parameters.add(p);
                    momentumBuffers.add(p.detach().clone().zero_());
                }
            }
        }
    }

    /** The trained parameters, in the module's order. */
    public List<Tensor> parameters() {
        return parameters;
    }

    /** The momentum buffer of each trained parameter (checkpoints save and restore them in place). */
    public List<Tensor> momentumBuffers() {
        return momentumBuffers;
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
        List<Tensor> ascent = rho > 0 ? ascend() : List.of();
        if (rho > 0) {
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
        update(lr);
        return value;
    }

    /** Moves every parameter by rho * g / ||g|| and returns the moves (null where no gradient). */
    private List<Tensor> ascend() {
        List<Tensor> moves = new ArrayList<>(parameters.size());
        try (NoGradGuard guard = new NoGradGuard()) {
            double squared = 0;
            for (Tensor p : parameters) {
                Tensor g = p.grad();
                if (g.defined()) {
                    double norm = g.norm().item_double();
                    squared += norm * norm;
                }
            }
            double scale = rho / (Math.sqrt(squared) + 1e-12);
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

    private void update(double lr) {
        try (NoGradGuard guard = new NoGradGuard()) {
            for (int i = 0; i < parameters.size(); i++) {
                Tensor p = parameters.get(i), g = p.grad();
                if (!g.defined()) {
                    continue;
                }
                Tensor d = weightDecay == 0 ? g : g.add(p, new Scalar(weightDecay));
                Tensor buffer = momentumBuffers.get(i);
                buffer.mul_(new Scalar(momentum)).add_(d);
                p.add_(buffer, new Scalar(-lr));
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
