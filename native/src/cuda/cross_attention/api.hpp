// The boundary between the cross-attention C entry points and the CUDA kernels, in plain C++:
// validated sizes, element strides and untyped device pointers (element type = the dtype).
#pragma once

#include "cpu/cross_attention/params.hpp"
#include "cpu/tokens_view.hpp"
#include "cuda/common/call.hpp"

namespace lf::cuda {

struct CrossAttentionForward {
    cpu::CrossAttentionShape shape;
    float scale;
    cpu::TokensView<const void> q, k, v;  // q: [B, Nq, heads, D]; k, v: [B, Nk, heads, D]
    cpu::TokensView<void> out;            // [B, Nq, heads, D]
    float* lse;                           // [B, heads, Nq] contiguous, float32
};

struct CrossAttentionBackward {
    cpu::CrossAttentionShape shape;
    float scale;
    cpu::TokensView<const void> q, k, v, out;
    const float* lse;
    cpu::TokensView<const void> d_out;
    cpu::TokensView<void> d_q, d_k, d_v;
};

void cross_attention_fwd(const CrossAttentionForward& params, const Call& call);
void cross_attention_bwd(const CrossAttentionBackward& params, const Call& call);

}  // namespace lf::cuda
