package io.github.logoformer.abi;

/** Where a call's tensors live: the C ABI's {@code lf_device}. */
public enum Device {
    CPU(0),
    CUDA(1);

    private final int code;

    Device(int code) {
        this.code = code;
    }

    /** The pinned {@code LF_DEVICE_*} value. */
    public int code() {
        return code;
    }
}
