package io.github.logoformer.train;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * PyTorch's SGD (no dampening, not Nesterov) with L2 weight decay on every parameter:
 * {@code d = g + weightDecay * w; buf = momentum * buf + d; w -= lr * buf}. State: one momentum buffer
 * per parameter.
 */
public final class SgdMomentum implements UpdateRule {
    private final List<Tensor> parameters;
    private final List<Tensor> buffers = new ArrayList<>();
    private final double momentum;
    private final double weightDecay;

    public SgdMomentum(List<Tensor> parameters, double momentum, double weightDecay) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum: expected [0, 1), got " + momentum);
        }
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weightDecay: expected >= 0, got " + weightDecay);
        }
        this.parameters = parameters;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        try (NoGradGuard guard = new NoGradGuard()) {
            for (Tensor p : parameters) {
                buffers.add(p.detach().clone().zero_());
            }
        }
    }

    @Override
    public void update(double lr) {
        try (NoGradGuard guard = new NoGradGuard()) {
            for (int i = 0; i < parameters.size(); i++) {
                Tensor p = parameters.get(i), g = p.grad();
                if (!g.defined()) {
                    continue;
                }
                Tensor d = weightDecay == 0 ? g : g.add(p, new Scalar(weightDecay));
                buffers.get(i).mul_(new Scalar(momentum)).add_(d);
                p.add_(buffers.get(i), new Scalar(-lr));
            }
        }
    }

    @Override
    public List<Tensor> state() {
        return buffers;
    }
}
