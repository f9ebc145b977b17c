// The boundary between the window-attention C entry points and the CUDA kernels, in plain C++
// so the host-only entry points include it: validated sizes, element strides and untyped
// device pointers whose element type is the call's dtype.
#pragma once

#include "cpu/tokens_view.hpp"
#include "cpu/window_attention/params.hpp"
#include "cuda/common/call.hpp"

namespace lf::cuda {

struct WindowAttentionForward {
    cpu::WindowAttentionShape shape;
    float scale;
    cpu::TokensView<const void> q, k, v;
    cpu::TokensView<void> out;
    float* lse;  // [B, heads, F*H*W] contiguous, float32
};

struct WindowAttentionBackward {
    cpu::WindowAttentionShape shape;
    float scale;
    cpu::TokensView<const void> q, k, v, out;
    const float* lse;
    cpu::TokensView<const void> d_out;
    cpu::TokensView<void> d_q, d_k, d_v;
};

void window_attention_fwd(const WindowAttentionForward& params, const Call& call);
void window_attention_bwd(const WindowAttentionBackward& params, const Call& call);

}  // namespace lf::cuda
