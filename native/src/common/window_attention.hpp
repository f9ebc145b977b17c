// Window attention's shape and parameters, shared by the C entry points, the CPU kernels and the
// CUDA kernels. Token tensors are [B, T, heads, D] with T = G + F*H*W: G leading tokens (CLS-like),
// then the grid tokens in (t, y, x) row-major order, tiled by windows of f x h x w grid tokens.
// Each grid token's queries attend to the keys of its window plus the G leading tokens.
#pragma once

#include <cstdint>

#include "common/attention.hpp"
#include "common/host_device.hpp"

namespace lf {

struct WindowAttentionShape {
    int64_t batch, heads, head_dim, leading_tokens;
    int64_t grid[3];           // F, H, W
    int64_t window[3];         // f, h, w
    int64_t windows_along[3];  // F/f, H/h, W/w: derived, so token_of divides no more than it must

    // Sizes already validated: windows divide the grid.
    LF_INLINE WindowAttentionShape(int64_t batch_size, int64_t head_count, int64_t dim, int64_t leading,
                                   const int64_t (&grid_size)[3], const int64_t (&window_size)[3])
        : batch(batch_size),
          heads(head_count),
          head_dim(dim),
          leading_tokens(leading),
          grid{grid_size[0], grid_size[1], grid_size[2]},
          window{window_size[0], window_size[1], window_size[2]},
          windows_along{grid_size[0] / window_size[0], grid_size[1] / window_size[1], grid_size[2] / window_size[2]} {}

    LF_HOST_DEVICE LF_INLINE int64_t grid_tokens() const { return grid[0] * grid[1] * grid[2]; }  // N
    LF_HOST_DEVICE LF_INLINE int64_t tokens() const { return leading_tokens + grid_tokens(); }   // T
    LF_HOST_DEVICE LF_INLINE int64_t window_tokens() const { return window[0] * window[1] * window[2]; }
    LF_HOST_DEVICE LF_INLINE int64_t windows() const { return windows_along[0] * windows_along[1] * windows_along[2]; }

    // Token index in T (leading tokens first) of the l-th token of window w, both row-major (t, y, x).
    LF_HOST_DEVICE LF_INLINE int64_t token_of(int64_t w, int64_t l) const {
        const int64_t nh = windows_along[1], nw = windows_along[2];
        const int64_t wt = w / (nh * nw), wy = (w / nw) % nh, wx = w % nw;
        const int64_t lt = l / (window[1] * window[2]), ly = (l / window[2]) % window[1], lx = l % window[2];
        return leading_tokens + ((wt * window[0] + lt) * grid[1] + wy * window[1] + ly) * grid[2] + wx * window[2] + lx;
    }
};

// out and lse ([B, heads, F*H*W]: one value per grid query) are written; the G leading rows of
// out are zeros (they are not queries).
using WindowAttentionForward = AttentionForward<WindowAttentionShape>;
// d_q, d_k, d_v are written; the G leading rows of d_q are zeros, those of d_k and d_v sum every
// window's contribution in a fixed order.
using WindowAttentionBackward = AttentionBackward<WindowAttentionShape>;

}  // namespace lf
