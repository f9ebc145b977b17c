// The boundary between the C entry points and the CPU kernels: plain pointers, sizes and
// element strides, already validated. Kernels never see the C ABI's loose arguments.
#pragma once

#include <cstdint>

#include "cpu/tokens_view.hpp"

namespace lf::cpu {

struct WindowAttentionShape {
    int64_t batch, heads, head_dim, leading_tokens;
    int64_t grid[3];    // F, H, W
    int64_t window[3];  // f, h, w

    int64_t grid_tokens() const { return grid[0] * grid[1] * grid[2]; }
    int64_t window_tokens() const { return window[0] * window[1] * window[2]; }
    int64_t windows() const { return grid_tokens() / window_tokens(); }
    // Token index (in T, leading tokens first) of the l-th token of window w, both in row-major order.
    int64_t token_of(int64_t w, int64_t l) const {
        const int64_t nh = grid[1] / window[1], nw = grid[2] / window[2];
        const int64_t wt = w / (nh * nw), wy = (w / nw) % nh, wx = w % nw;
        const int64_t lt = l / (window[1] * window[2]), ly = (l / window[2]) % window[1], lx = l % window[2];
        const int64_t t = wt * window[0] + lt, y = wy * window[1] + ly, x = wx * window[2] + lx;
        return leading_tokens + (t * grid[1] + y) * grid[2] + x;
    }
};

struct WindowAttentionForward {
    WindowAttentionShape shape;
    float scale;
    TokensView<const float> q, k, v;
    TokensView<float> out;
    float* lse;  // [B, heads, F*H*W] contiguous
};

struct WindowAttentionBackward {
    WindowAttentionShape shape;
    float scale;
    TokensView<const float> q, k, v, out;
    const float* lse;
    TokensView<const float> d_out;
    TokensView<float> d_q, d_k, d_v;
};

}  // namespace lf::cpu
