// The global-tokens entry points of the CUDA kernels, in plain C++ (see
// window_attention/api.hpp): the params both backends share (common/global_tokens.hpp).
#pragma once

#include "common/global_tokens.hpp"
#include "cuda/common/call.hpp"

namespace lf::cuda {

void global_tokens_fwd(const GlobalTokensForward& params, const Call& call);
void global_tokens_bwd(const GlobalTokensBackward& params, const Call& call);

}  // namespace lf::cuda
