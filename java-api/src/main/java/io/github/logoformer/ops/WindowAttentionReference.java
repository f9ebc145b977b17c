package io.github.logoformer.ops;

import io.github.logoformer.abi.Grid3;
import io.github.logoformer.abi.WindowAttentionConfig;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * {@link WindowAttention} composed from plain LibTorch ops: window partition by view/permute,
 * matmul, softmax, matmul, un-partition. Differentiable by LibTorch itself, any floating dtype.
 * The test oracle of the fused op and the baseline of its benchmarks.
 */
public final class WindowAttentionReference {
    private WindowAttentionReference() {}

    /** Same contract as {@link WindowAttention#apply}, for float32 or float64 tensors. */
    public static Tensor apply(Tensor q, Tensor k, Tensor v, WindowAttentionConfig c) {
        long batch = q.size(0), heads = q.size(2), dim = q.size(3), g = c.leadingTokens();
        Tensor qw = partition(q, c);
        Tensor kw = withLeadingKeys(partition(k, c), k, c);
        Tensor vw = withLeadingKeys(partition(v, c), v, c);
        Tensor probabilities = torch.softmax(torch.matmul(qw, kw.transpose(-2, -1)).mul_(new org.bytedeco.pytorch.Scalar(c.scale())), -1);
        Tensor grid = unpartition(torch.matmul(probabilities, vw), batch, heads, dim, c);
        if (g == 0) {
            return grid;
        }
        // In the attention's dtype (under autocast, not q's): cat would promote the output to float32.
        Tensor leadingRows = torch.zeros(new long[] {batch, g, heads, dim}, grid.options());
        return torch.cat(new TensorVector(leadingRows, grid), 1);
    }

    /** [B, T, heads, D] -> [B, heads, windows, L, D], grid tokens only. */
    public static Tensor partition(Tensor x, WindowAttentionConfig c) {
        Grid3 grid = c.grid(), w = c.window();
        long batch = x.size(0), heads = x.size(2), dim = x.size(3);
        return x.narrow(1, c.leadingTokens(), grid.volume())
                .reshape(batch, grid.frames() / w.frames(), w.frames(), grid.height() / w.height(), w.height(),
                        grid.width() / w.width(), w.width(), heads, dim)
                .permute(0, 7, 1, 3, 5, 2, 4, 6, 8)
                .reshape(batch, heads, grid.volume() / w.volume(), w.volume(), dim);
    }

    /** Appends the G leading tokens of x (CLS) as extra keys of every window: [B, heads, windows, L + G, D]. */
    private static Tensor withLeadingKeys(Tensor windows, Tensor x, WindowAttentionConfig c) {
        long g = c.leadingTokens();
        if (g == 0) {
            return windows;
        }
        Tensor leading = x.narrow(1, 0, g).permute(0, 2, 1, 3).unsqueeze(2)
                .expand(windows.size(0), windows.size(1), windows.size(2), g, windows.size(4));
        return torch.cat(new TensorVector(windows, leading), 3);
    }

    /** [B, heads, windows, L, D] -> [B, F*H*W, heads, D] in grid order. */
    public static Tensor unpartition(Tensor windows, long batch, long heads, long dim, WindowAttentionConfig c) {
        Grid3 grid = c.grid(), w = c.window();
        return windows
                .reshape(batch, heads, grid.frames() / w.frames(), grid.height() / w.height(), grid.width() / w.width(),
                        w.frames(), w.height(), w.width(), dim)
                .permute(0, 2, 5, 3, 6, 4, 7, 1, 8)
                .reshape(batch, grid.volume(), heads, dim);
    }
}
