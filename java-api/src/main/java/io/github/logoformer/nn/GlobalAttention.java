package io.github.logoformer.nn;

import io.github.logoformer.abi.GlobalTokensConfig;
import io.github.logoformer.abi.Grid3;
import io.github.logoformer.ops.CrossAttentionReference;
import java.util.List;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * LOGO-Former's global attention: the grid is pooled into M tokens by a depthwise 3-D convolution with
 * kernel = stride = pool, plus bias, then LayerNorm (the global tokens op); every token (CLS included)
 * queries [CLS, pooled]. q = Linear(d, d) of all tokens, k/v = Linear(d, 2d) of [CLS, pooled] viewed as
 * [B, 1 + M, 2, heads, D] and passed as {@code select} views; then an output projection.
 */
final class GlobalAttention extends Module {
    private final ModelConfig config;
    private final GlobalTokensConfig pooling;
    private final Tensor poolWeight;
    private final Tensor poolBias;
    private final Tensor poolNormWeight;
    private final Tensor poolNormBias;
    private final Linear query;
    private final Linear keyValue;
    private final Linear projection;

    GlobalAttention(ModelConfig config) {
        this.config = config;
        this.pooling = GlobalTokensConfig.of(config.grid(), config.pool());
        long dim = config.dim();
        // LibTorch's Conv3d default for a depthwise conv: uniform in +-1/sqrt(fan_in), fan_in = pool volume.
        double bound = 1 / Math.sqrt(config.pool().volume());
        poolWeight = ModuleParameters.register(this, "pool_weight", FrameBackbone.uniform(bound, dim, 1,
                config.pool().frames(), config.pool().height(), config.pool().width()));
        poolBias = ModuleParameters.register(this, "pool_bias", FrameBackbone.uniform(bound, dim));
        poolNormWeight = ModuleParameters.register(this, "pool_norm_weight", torch.ones(dim));
        poolNormBias = ModuleParameters.register(this, "pool_norm_bias", torch.zeros(dim));
        query = new Linear(dim, dim);
        register_module("q", query);
        keyValue = new Linear(dim, 2 * dim);
        register_module("kv", keyValue);
        projection = new Linear(dim, dim);
        register_module("proj", projection);
    }

    /** @param recorded where the CLS row's probabilities go, named {@code layer}; null to skip them */
    Tensor forward(Tensor x, String layer, List<ClsAttention> recorded) {
        long batch = x.size(0), tokens = x.size(1), heads = config.heads(), headDim = config.headDim();
        Tensor pooled = config.ops().globalTokens(x.narrow(1, 1, tokens - 1), poolWeight, poolBias,
                poolNormWeight, poolNormBias, pooling);
        Tensor keyTokens = torch.cat(new TensorVector(x.narrow(1, 0, 1), pooled), 1);
        Tensor kv = keyValue.forward(keyTokens).view(batch, keyTokens.size(1), 2, heads, headDim);
        Tensor q = query.forward(x).view(batch, tokens, heads, headDim);
        if (recorded != null) {
            Tensor p = CrossAttentionReference.probabilities(q.narrow(1, 0, 1), kv.select(2, 0), 1 / Math.sqrt(headDim))
                    .select(2, 0);
            Grid3 grid = config.grid(), pool = config.pool();
            recorded.add(new ClsAttention(layer, p.select(2, 0), p.narrow(2, 1, p.size(2) - 1).reshape(batch, heads,
                    grid.frames() / pool.frames(), grid.height() / pool.height(), grid.width() / pool.width()), pool));
        }
        Tensor out = config.ops().crossAttention(q, kv.select(2, 0), kv.select(2, 1), 1 / Math.sqrt(headDim));
        return projection.forward(out.reshape(batch, tokens, config.dim()));
    }
}
