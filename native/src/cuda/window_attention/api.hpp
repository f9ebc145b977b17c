// The window-attention entry points of the CUDA kernels, in plain C++ so the host-only C entry
// points include it. They take the params both backends share (common/window_attention.hpp):
// validated sizes, element strides and untyped device pointers of the call's dtype.
#pragma once

#include "common/window_attention.hpp"
#include "cuda/common/call.hpp"

namespace lf::cuda {

void window_attention_fwd(const WindowAttentionForward& params, const Call& call);
void window_attention_bwd(const WindowAttentionBackward& params, const Call& call);

}  // namespace lf::cuda
