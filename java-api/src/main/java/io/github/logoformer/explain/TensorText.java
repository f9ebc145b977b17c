package io.github.logoformer.explain;

import java.util.Arrays;
import org.bytedeco.pytorch.Tensor;

/** Tensor shapes as text for error messages. */
final class TensorText {
    private TensorText() {}

    static String shape(Tensor t) {
        return Arrays.toString(t.sizes().vec().get());
    }
}
