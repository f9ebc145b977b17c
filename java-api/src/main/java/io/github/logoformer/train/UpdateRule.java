package io.github.logoformer.train;

import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * How {@link Sam} turns the gradients left in the parameters' {@code grad()} into a step: SGD with
 * momentum ({@link SgdMomentum}) or AdamW ({@link AdamW}). Rules keep their state in tensors so that
 * {@link Checkpoint} saves and restores it in place.
 */
public interface UpdateRule {
    /** One step at learning rate {@code lr}, in place, on the parameters the rule was built for. */
    void update(double lr);

    /** The rule's state tensors, in a fixed order (what a checkpoint saves). */
    List<Tensor> state();

    /** The rule {@code options} name, for {@code parameters}. */
    static UpdateRule of(TrainingOptions options, List<Tensor> parameters) {
        return switch (options.optimizer()) {
            case SGD -> new SgdMomentum(parameters, options.momentum(), options.weightDecay());
            case ADAMW -> new AdamW(parameters, options.weightDecay());
        };
    }
}
