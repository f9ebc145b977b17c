package io.github.logoformer.nn;

import io.github.logoformer.abi.Grid3;
import io.github.logoformer.abi.WindowAttentionConfig;
import io.github.logoformer.ops.CrossAttentionReference;
import java.util.List;
import org.bytedeco.pytorch.Module;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Multi-head attention inside non-overlapping f x h x w windows of the token grid, CLS being an extra
 * key of every window: qkv = Linear(d, 3d) viewed [B, T, 3, heads, D], q/k/v passed to window attention
 * as {@code select} views (no copies), then an output projection.
 *
 * <p>Window attention leaves the CLS row zero. With {@code clsQuery} (STT) the CLS row is filled by one
 * dense query of CLS over all T tokens, so CLS is updated by every attention layer; without it (LOGO-Former)
 * CLS passes the residual unchanged here and is updated by the global attention that follows.
 */
final class WindowSelfAttention extends Module {
    private final ModelConfig config;
    private final WindowAttentionConfig windows;
    private final boolean clsQuery;
    private final Linear qkv;
    private final Linear projection;

    WindowSelfAttention(ModelConfig config, Grid3 window, boolean clsQuery) {
        this.config = config;
        this.windows = WindowAttentionConfig.of(config.grid(), window, 1, config.headDim());
        this.clsQuery = clsQuery;
        qkv = new Linear(config.dim(), 3 * config.dim());
        register_module("qkv", qkv);
        projection = new Linear(config.dim(), config.dim());
        register_module("proj", projection);
    }

    /** @param recorded where the CLS query's probabilities go, named {@code layer}; null to skip them */
    Tensor forward(Tensor x, String layer, List<ClsAttention> recorded) {
        long batch = x.size(0), tokens = x.size(1);
        Tensor packed = qkv.forward(x).view(batch, tokens, 3, config.heads(), config.headDim());
        Tensor q = packed.select(2, 0), k = packed.select(2, 1), v = packed.select(2, 2);
        Tensor out = config.ops().windowAttention(q, k, v, windows);
        if (clsQuery) {
            Tensor cls = config.ops().crossAttention(q.narrow(1, 0, 1), k, v, windows.scale());
            if (recorded != null) {
                Tensor p = CrossAttentionReference.probabilities(q.narrow(1, 0, 1), k, windows.scale()).select(2, 0);
                Grid3 grid = config.grid();
                recorded.add(new ClsAttention(layer, p.select(2, 0),
                        p.narrow(2, 1, tokens - 1).reshape(batch, config.heads(), grid.frames(), grid.height(), grid.width()),
                        Grid3.of(1, 1, 1)));
            }
            out = torch.cat(new TensorVector(cls, out.narrow(1, 1, tokens - 1)), 1);
        }
        return projection.forward(out.reshape(batch, tokens, config.dim()));
    }
}
