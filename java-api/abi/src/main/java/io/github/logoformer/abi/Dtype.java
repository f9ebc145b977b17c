package io.github.logoformer.abi;

/** Element type of a call's floating-point tensors: the C ABI's {@code lf_dtype}. Statistics stay float32. */
public enum Dtype {
    FLOAT32(0, "float32"),
    BFLOAT16(1, "bfloat16"),
    FLOAT16(2, "float16");

    private final int code;
    private final String displayName;

    Dtype(int code, String displayName) {
        this.code = code;
        this.displayName = displayName;
    }

    /** The pinned {@code LF_DTYPE_*} value. */
    public int code() {
        return code;
    }

    /** PyTorch's name of the dtype ("bfloat16"). */
    public String displayName() {
        return displayName;
    }
}
