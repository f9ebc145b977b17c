package io.github.logoformer.autograd;

/**
 * An error the bridge raises while autograd runs a backward (a saved tensor modified in place, double
 * backward). It travels through LibTorch's engine, which JavaCPP hands the exception's {@code toString()};
 * returning the message alone makes backward()'s caller see LibTorch's own wording, without a Java class
 * name in front.
 */
final class BackwardException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BackwardException(String message) {
        super(message);
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
