// Window attention as attention groups (see attention/traits.cuh): one group per (batch, head,
// window) whose queries are the window's tokens and whose keys are those tokens followed by the
// G leading tokens, read in place from the heads-last [B, G + F*H*W, heads, D] tensors (no
// partition copies). On the key side, the window groups own their window's keys and one extra
// group per (batch, head) owns the G leading keys, whose queries are all F*H*W grid tokens in
// order: every key's gradient is summed by one warp in a fixed order. Token indices come from
// the shape both backends share (common/window_attention.hpp).
#pragma once

#include <cstdint>

#include "common/window_attention.hpp"

namespace lf::cuda {

struct WindowLayout {
    WindowAttentionShape shape;

    struct Group {
        int64_t b, h, w;  // w = -1: the leading keys of (b, h)
    };

    explicit WindowLayout(const WindowAttentionShape& s) : shape(s) {}

    // Query side.
    __host__ __device__ int64_t groups() const { return shape.batch * shape.heads * shape.windows(); }
    __host__ __device__ int64_t queries() const { return shape.window_tokens(); }
    __host__ __device__ int64_t keys() const { return shape.window_tokens() + shape.leading_tokens; }
    __device__ Group group(int64_t index) const {
        const int64_t windows = shape.windows();
        return {index / (shape.heads * windows), (index / windows) % shape.heads, index % windows};
    }
    __device__ int64_t query_token(const Group& g, int64_t i) const { return shape.token_of(g.w, i); }
    __device__ int64_t key_token(const Group& g, int64_t j) const {
        const int64_t L = shape.window_tokens();
        return j < L ? shape.token_of(g.w, j) : j - L;
    }
    __device__ int64_t lse_row(const Group& g, int64_t token) const {
        return (g.b * shape.heads + g.h) * shape.grid_tokens() + token - shape.leading_tokens;
    }

    // Key side.
    __host__ __device__ int64_t key_groups() const {
        return groups() + (shape.leading_tokens > 0 ? shape.batch * shape.heads : 0);
    }
    __host__ __device__ int64_t max_key_rows() const {
        const int64_t L = shape.window_tokens(), G = shape.leading_tokens;
        return L > G ? L : G;
    }
    __device__ Group key_group(int64_t index) const {
        if (index < groups()) return group(index);
        const int64_t bh = index - groups();
        return {bh / shape.heads, bh % shape.heads, -1};
    }
    __device__ int64_t key_rows(const Group& g) const { return g.w < 0 ? shape.leading_tokens : shape.window_tokens(); }
    __device__ int64_t query_rows(const Group& g) const {
        return g.w < 0 ? shape.grid_tokens() : shape.window_tokens();
    }
    __device__ int64_t key_row_token(const Group& g, int64_t i) const { return g.w < 0 ? i : shape.token_of(g.w, i); }
    __device__ int64_t query_row_token(const Group& g, int64_t j) const {
        return g.w < 0 ? shape.leading_tokens + j : shape.token_of(g.w, j);
    }
};

}  // namespace lf::cuda
