package io.github.logoformer.autograd;

import org.bytedeco.pytorch.Tensor;

/** The raw output of a forward pass and the function that differentiates it. */
public record ForwardResult(Tensor output, BackwardFunction backward) {}
