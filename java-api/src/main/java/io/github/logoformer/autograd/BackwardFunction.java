package io.github.logoformer.autograd;

import org.bytedeco.pytorch.Tensor;

/**
 * Backward half of a native op, holding whatever forward saved.
 *
 * <p>{@link #backward} runs on the thread that calls {@code backward()}, inside a
 * {@link org.bytedeco.javacpp.PointerScope} opened by the bridge: temporaries it creates are freed when it
 * returns, and the returned gradients are retained by the bridge until autograd has consumed them.
 */
public interface BackwardFunction extends AutoCloseable {
    /**
     * @param gradOutput gradient w.r.t. the output (defined; zeros if autograd gave none)
     * @return one gradient per input, same shape/dtype as that input; entries for inputs that do not
     *     require grad may be null (a null entry for an input that does counts as a zero gradient)
     */
    Tensor[] backward(Tensor gradOutput);

    /** Releases saved tensors; called exactly once, when the graph can no longer call backward. */
    @Override
    void close();
}
