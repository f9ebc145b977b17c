package io.github.logoformer.nn;

import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** The transformer's feed-forward layer: Linear(d, r*d), GELU, Linear(r*d, d). */
final class Mlp extends Module {
    private final Linear fc1;
    private final Linear fc2;

    Mlp(ModelConfig config) {
        long hidden = config.dim() * config.mlpRatio();
        fc1 = new Linear(config.dim(), hidden);
        register_module("fc1", fc1);
        fc2 = new Linear(hidden, config.dim());
        register_module("fc2", fc2);
    }

    Tensor forward(Tensor x) {
        return fc2.forward(torch.gelu(fc1.forward(x)));
    }
}
