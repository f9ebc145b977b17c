// The compact-loss entry point of the CUDA kernels, in plain C++ (see window_attention/api.hpp):
// the params both backends share (common/compact_loss.hpp). The kernel checks the targets'
// range on the device; for a mean or a sum it reduces the rows itself.
#pragma once

#include "common/compact_loss.hpp"
#include "cuda/common/call.hpp"

namespace lf::cuda {

void compact_loss_fwd(const CompactLossForward& params, const Call& call);

}  // namespace lf::cuda
