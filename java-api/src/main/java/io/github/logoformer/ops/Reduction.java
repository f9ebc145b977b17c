package io.github.logoformer.ops;

import io.github.logoformer.kernels.LogoformerNative;

/** How a loss op reduces its per-row values over the batch. */
public enum Reduction {
    /** One loss per row: a [B] tensor. */
    NONE(LogoformerNative.LF_REDUCTION_NONE),
    /** The mean over the rows: a scalar tensor. */
    MEAN(LogoformerNative.LF_REDUCTION_MEAN),
    /** The sum over the rows: a scalar tensor. */
    SUM(LogoformerNative.LF_REDUCTION_SUM);

    private final int nativeValue;

    Reduction(int nativeValue) {
        this.nativeValue = nativeValue;
    }

    /** The pinned {@code lf_reduction} value of the C ABI. */
    int nativeValue() {
        return nativeValue;
    }
}
