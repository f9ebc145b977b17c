package io.github.logoformer.panama;

/** How {@link CompactLoss} reduces its per-row losses: {@code lf_reduction}. */
public enum Reduction {
    NONE(logoformer_h.LF_REDUCTION_NONE()),
    MEAN(logoformer_h.LF_REDUCTION_MEAN()),
    SUM(logoformer_h.LF_REDUCTION_SUM());

    private final int nativeValue;

    Reduction(int nativeValue) {
        this.nativeValue = nativeValue;
    }

    /** The {@code lf_reduction} value. */
    public int nativeValue() {
        return nativeValue;
    }
}
