package io.github.logoformer.nn;

/**
 * How exactly a state dict must match the module it is loaded into, as {@code strict} in PyTorch's
 * {@code load_state_dict}. Either way, a tensor of another shape or of another kind (integers for a
 * floating-point weight) fails, and nothing is copied unless everything is checked.
 */
public enum Strictness {
    /** Every tensor of the module must be in the file and the file must hold nothing else it does not explain. */
    STRICT,
    /** Tensors missing from the file keep their values; tensors the module does not have are ignored (both reported). */
    LENIENT
}
