// The cross-attention entry points of the CUDA kernels, in plain C++ (see
// window_attention/api.hpp): the params both backends share (common/cross_attention.hpp).
#pragma once

#include "common/cross_attention.hpp"
#include "cuda/common/call.hpp"

namespace lf::cuda {

void cross_attention_fwd(const CrossAttentionForward& params, const Call& call);
void cross_attention_bwd(const CrossAttentionBackward& params, const Call& call);

}  // namespace lf::cuda
