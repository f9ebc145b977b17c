// The boundary between the global-tokens C entry points and the CUDA kernels, in plain C++:
// validated sizes, element strides and untyped device pointers (element type = the dtype;
// mean and rstd are float32).
#pragma once

#include <cstdint>

#include "cpu/global_tokens/params.hpp"
#include "cuda/common/call.hpp"

namespace lf::cuda {

struct GlobalTokensForward {
    cpu::GlobalTokensShape shape;
    cpu::ChannelsView<const void> x;  // [B, F*H*W, C]
    const void* weight;               // [C, pf, ph, pw] through weight_strides
    int64_t weight_strides[4];
    cpu::VectorView<const void> bias, gamma, beta;
    cpu::ChannelsView<void> out;  // [B, M, C]
    float* mean;                  // [B, M]
    float* rstd;                  // [B, M]
};

struct GlobalTokensBackward {
    cpu::GlobalTokensShape shape;
    cpu::ChannelsView<const void> x;
    const void* weight;
    int64_t weight_strides[4];
    cpu::VectorView<const void> bias, gamma;
    const float* mean;
    const float* rstd;
    cpu::ChannelsView<const void> d_out;  // [B, M, C]
    cpu::ChannelsView<void> d_x;          // [B, F*H*W, C]
    void* d_weight;                       // [C, pf, ph, pw] through d_weight_strides
    int64_t d_weight_strides[4];
    cpu::VectorView<void> d_bias, d_gamma, d_beta;
};

void global_tokens_fwd(const GlobalTokensForward& params, const Call& call);
void global_tokens_bwd(const GlobalTokensBackward& params, const Call& call);

}  // namespace lf::cuda
