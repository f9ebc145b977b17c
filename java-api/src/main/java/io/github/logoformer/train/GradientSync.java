package io.github.logoformer.train;

/**
 * What {@link Sam} calls after each backward pass (both passes of a SAM step): in a data-parallel job
 * it averages the gradients over the processes ({@code GradientBuckets::reduce}), so that SAM's move
 * uses the averaged gradient's norm and every process takes the same step.
 */
@FunctionalInterface
public interface GradientSync {
    /** Makes every parameter's gradient the step's over all processes. */
    void afterBackward();

    /** One process: the gradients are already the step's. */
    GradientSync NONE = () -> {};
}
