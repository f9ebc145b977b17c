package io.github.logoformer.nn;

import org.bytedeco.pytorch.LinearImpl;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** The transformer's feed-forward layer: Linear(d, r*d), GELU, Linear(r*d, d). */
final class Mlp extends Module {
    private final LinearImpl fc1;
    private final LinearImpl fc2;

    Mlp(ModelConfig config) {
        long hidden = config.dim() * config.mlpRatio();
        fc1 = register_module("fc1", new LinearImpl(config.dim(), hidden));
        fc2 = register_module("fc2", new LinearImpl(hidden, config.dim()));
    }

    Tensor forward(Tensor x) {
        return fc2.forward(torch.gelu(fc1.forward(x)));
    }
}
