package io.github.logoformer.abi;

/** How a loss op reduces its per-row values over the batch: the C ABI's {@code lf_reduction}. */
public enum Reduction {
    /** One loss per row: B values. */
    NONE(0),
    /** The mean over the rows: one value. */
    MEAN(1),
    /** The sum over the rows: one value. */
    SUM(2);

    private final int code;

    Reduction(int code) {
        this.code = code;
    }

    /** The pinned {@code LF_REDUCTION_*} value. */
    public int code() {
        return code;
    }
}
