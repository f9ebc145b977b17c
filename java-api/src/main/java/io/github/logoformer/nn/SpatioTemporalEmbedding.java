package io.github.logoformer.nn;

import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Learnable position embedding over the F x h x w token grid (one vector per grid cell) and a CLS token
 * prepended with its own position embedding: [B, F*h*w, d] to [B, 1 + F*h*w, d]. Initialised as ViT
 * does (normal, std 0.02).
 */
public final class SpatioTemporalEmbedding extends Module {
    private static final double INIT_STD = 0.02;

    private final Tensor clsToken;
    private final Tensor clsPosition;
    private final Tensor gridPosition;

    public SpatioTemporalEmbedding(ModelConfig config) {
        long dim = config.dim();
        clsToken = ModuleParameters.register(this, "cls_token", normal(1, 1, dim));
        clsPosition = ModuleParameters.register(this, "cls_position", normal(1, 1, dim));
        gridPosition = ModuleParameters.register(this, "grid_position", normal(1, config.grid().volume(), dim));
    }

    public Tensor forward(Tensor gridTokens) {
        long batch = gridTokens.size(0);
        Tensor cls = clsToken.add(clsPosition).expand(batch, 1, clsToken.size(2));
        return torch.cat(new TensorVector(cls, gridTokens.add(gridPosition)), 1);
    }

    private static Tensor normal(long... sizes) {
        return torch.randn(sizes).mul_(new Scalar(INIT_STD));
    }
}
