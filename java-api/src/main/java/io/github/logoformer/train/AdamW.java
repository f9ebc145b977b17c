package io.github.logoformer.train;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * AdamW (Loshchilov and Hutter 2019) as PyTorch computes it, with beta1 0.9, beta2 0.999, eps 1e-8:
 * {@code m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; w -= lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)},
 * and decoupled weight decay {@code w *= 1 - lr * weightDecay} on the tensors of more than one
 * dimension only (weights and embeddings; biases and norm gains are not decayed, as is usual for
 * transformers). Per-parameter step sizes are what lets a small transformer learn from scratch in
 * a few hundred steps, where SGD's one learning rate for the whole model stalls (EXPERIMENTS.md).
 * State: the first moments, the second moments, then the step count (a one-element float64 tensor).
 */
public final class AdamW implements UpdateRule {
    private static final double BETA1 = 0.9, BETA2 = 0.999, EPS = 1e-8;
    private final List<Tensor> parameters;
    private final List<Tensor> first = new ArrayList<>();
    private final List<Tensor> second = new ArrayList<>();
    private final Tensor steps = torch.zeros(1).to(torch.ScalarType.Double);
    private final double weightDecay;

    public AdamW(List<Tensor> parameters, double weightDecay) {
        if (!(weightDecay >= 0)) {
            throw new IllegalArgumentException("weightDecay: expected >= 0, got " + weightDecay);
        }
        this.parameters = parameters;
        this.weightDecay = weightDecay;
        try (NoGradGuard guard = new NoGradGuard()) {
            for (Tensor p : parameters) {
                first.add(p.detach().clone().zero_());
                second.add(p.detach().clone().zero_());
            }
        }
    }

    @Override
    public void update(double lr) {
        try (NoGradGuard guard = new NoGradGuard()) {
            steps.add_(new Scalar(1.0));
            double t = steps.item_double();
            double stepSize = lr / (1 - Math.pow(BETA1, t)), secondCorrection = 1 - Math.pow(BETA2, t);
            for (int i = 0; i < parameters.size(); i++) {
                Tensor p = parameters.get(i), g = p.grad();
                if (!g.defined()) {
                    continue;
                }
                if (weightDecay > 0 && p.dim() > 1) {
                    p.mul_(new Scalar(1 - lr * weightDecay));
                }
                Tensor m = first.get(i).mul_(new Scalar(BETA1)).add_(g, new Scalar(1 - BETA1));
                Tensor v = second.get(i).mul_(new Scalar(BETA2)).addcmul_(g, g, new Scalar(1 - BETA2));
                Tensor denominator = v.div(new Scalar(secondCorrection)).sqrt_().add_(new Scalar(EPS));
                p.addcdiv_(m, denominator, new Scalar(-stepSize));
            }
        }
    }

    @Override
    public List<Tensor> state() {
        List<Tensor> all = new ArrayList<>(first);
        all.addAll(second);
        all.add(steps);
        return all;
    }
}
