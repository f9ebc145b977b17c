// Window attention as attention groups (see attention/traits.cuh): one group per (batch, head,
// window) whose queries are the window's tokens and whose keys are those tokens followed by the
// G leading tokens, read in place from the heads-last [B, G + F*H*W, heads, D] tensors (no
// partition copies). On the key side, the window groups own their window's keys and one extra
// group per (batch, head) owns the G leading keys, whose queries are all F*H*W grid tokens in
// order: every key's gradient is summed by one warp in a fixed order.
#pragma once

#include <cstdint>

#include "cpu/window_attention/params.hpp"

namespace lf::cuda {

struct WindowLayout {
    int64_t batch, heads, leading_tokens;
    int64_t grid_h, grid_w, win_f, win_h, win_w;
    int64_t windows_h, windows_w, window_tokens, windows, grid_tokens;

    struct Group {
        int64_t b, h, w;  // w = -1: the leading keys of (b, h)
    };

    explicit WindowLayout(const cpu::WindowAttentionShape& s)
        : batch(s.batch),
          heads(s.heads),
          leading_tokens(s.leading_tokens),
          grid_h(s.grid[1]),
          grid_w(s.grid[2]),
          win_f(s.window[0]),
          win_h(s.window[1]),
          win_w(s.window[2]),
          windows_h(s.grid[1] / s.window[1]),
          windows_w(s.grid[2] / s.window[2]),
          window_tokens(s.window_tokens()),
          windows(s.windows()),
          grid_tokens(s.grid_tokens()) {}

    // Token index (leading tokens first) of the l-th token of window w, both row-major (t, y, x).
    __device__ int64_t token_of(int64_t w, int64_t l) const {
        const int64_t wt = w / (windows_h * windows_w), wy = (w / windows_w) % windows_h, wx = w % windows_w;
        const int64_t lt = l / (win_h * win_w), ly = (l / win_w) % win_h, lx = l % win_w;
        return leading_tokens + ((wt * win_f + lt) * grid_h + wy * win_h + ly) * grid_w + wx * win_w + lx;
    }

    // Query side.
    __host__ __device__ int64_t groups() const { return batch * heads * windows; }
    __host__ __device__ int64_t queries() const { return window_tokens; }
    __host__ __device__ int64_t keys() const { return window_tokens + leading_tokens; }
    __device__ Group group(int64_t index) const {
        return {index / (heads * windows), (index / windows) % heads, index % windows};
    }
    __device__ int64_t query_token(const Group& g, int64_t i) const { return token_of(g.w, i); }
    __device__ int64_t key_token(const Group& g, int64_t j) const {
        return j < window_tokens ? token_of(g.w, j) : j - window_tokens;
    }
    __device__ int64_t lse_row(const Group& g, int64_t token) const {
        return (g.b * heads + g.h) * grid_tokens + token - leading_tokens;
    }

    // Key side.
    __host__ __device__ int64_t key_groups() const { return groups() + (leading_tokens > 0 ? batch * heads : 0); }
    __host__ __device__ int64_t max_key_rows() const {
        return window_tokens > leading_tokens ? window_tokens : leading_tokens;
    }
    __device__ Group key_group(int64_t index) const {
        if (index < groups()) return group(index);
        const int64_t bh = index - groups();
        return {bh / heads, bh % heads, -1};
    }
    __device__ int64_t key_rows(const Group& g) const { return g.w < 0 ? leading_tokens : window_tokens; }
    __device__ int64_t query_rows(const Group& g) const { return g.w < 0 ? grid_tokens : window_tokens; }
    __device__ int64_t key_row_token(const Group& g, int64_t i) const { return g.w < 0 ? i : token_of(g.w, i); }
    __device__ int64_t query_row_token(const Group& g, int64_t j) const {
        return g.w < 0 ? leading_tokens + j : token_of(g.w, j);
    }
};

}  // namespace lf::cuda
