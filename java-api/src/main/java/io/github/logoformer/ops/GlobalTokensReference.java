package io.github.logoformer.ops;

import io.github.logoformer.abi.GlobalTokensConfig;
import io.github.logoformer.abi.Grid3;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * {@link GlobalTokens} composed from LibTorch ops: grouped {@code conv3d} with stride = kernel, then
 * {@code layer_norm}; differentiable by LibTorch itself, any floating dtype. The test oracle and the
 * benchmark baseline.
 */
public final class GlobalTokensReference {
    private GlobalTokensReference() {}

    public static Tensor apply(Tensor x, Tensor weight, Tensor bias, Tensor gamma, Tensor beta,
            GlobalTokensConfig c) {
        Grid3 grid = c.grid(), pool = c.pool();
        long batch = x.size(0), channels = x.size(2);
        Tensor volume = x.reshape(batch, grid.frames(), grid.height(), grid.width(), channels).permute(0, 4, 1, 2, 3);
        long[] stride = {pool.frames(), pool.height(), pool.width()};
        Tensor pooled = torch.conv3d(volume, weight, new TensorOptional(bias), stride, new long[] {0, 0, 0},
                new long[] {1, 1, 1}, channels);
        Tensor tokens = pooled.flatten(2, -1).transpose(1, 2);
        return torch.layer_norm(tokens, new long[] {channels}, new TensorOptional(gamma), new TensorOptional(beta),
                c.eps(), false);
    }
}
