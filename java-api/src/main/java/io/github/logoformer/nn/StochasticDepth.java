package io.github.logoformer.nn;

import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * Drop-path: in training, zeroes a residual branch for a random subset of the clips in a batch and
 * scales the kept ones by 1 / (1 - rate), so the expectation is unchanged; identity in eval mode.
 */
final class StochasticDepth {
    private StochasticDepth() {}

    static Tensor apply(Tensor branch, double rate, boolean training) {
        if (!training || rate == 0) {
            return branch;
        }
        double keep = 1 - rate;
        Tensor mask = branch.new_empty(branch.size(0), 1, 1).bernoulli_(keep, new GeneratorOptional())
                .div_(new Scalar(keep));
        return branch.mul(mask);
    }
}
