// The boundary between the C entry points and the CPU cross attention kernels: validated
// pointers, sizes and element strides only.
#pragma once

#include <cstdint>

#include "cpu/tokens_view.hpp"

namespace lf::cpu {

// Nq queries attend to all Nk keys of their (batch, head).
struct CrossAttentionShape {
    int64_t batch, heads, head_dim, queries, keys;
};

struct CrossAttentionForward {
    CrossAttentionShape shape;
    float scale;
    TokensView<const float> q, k, v;  // q: [B, Nq, heads, D]; k, v: [B, Nk, heads, D]
    TokensView<float> out;            // [B, Nq, heads, D]
    float* lse;                       // [B, heads, Nq] contiguous
};

struct CrossAttentionBackward {
    CrossAttentionShape shape;
    float scale;
    TokensView<const float> q, k, v, out;
    const float* lse;
    TokensView<const float> d_out;
    TokensView<float> d_q, d_k, d_v;
};

}  // namespace lf::cpu
