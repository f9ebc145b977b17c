// The boundary between the compact-loss C entry point and the CUDA kernels, in plain C++:
// validated sizes and element strides, device pointers (logits and grad_logits of the call's
// dtype; targets int64; loss float32).
#pragma once

#include <cstdint>

#include "cuda/common/call.hpp"

namespace lf::cuda {

struct CompactLoss {
    int64_t batch, classes;
    const void* logits;
    int64_t logits_stride[2];  // row, class
    const int64_t* targets;
    int64_t targets_stride;
    float lambda;
    int32_t reduction;         // an lf_reduction
    float* loss;               // [batch] for LF_REDUCTION_NONE, else one value
    void* grad;                // nullptr: no gradient requested
    int64_t grad_stride[2];    // row, class
    float grad_scale;          // d(reduced loss) / d(row loss): 1, or 1 / batch for the mean
};

void compact_loss_fwd(const CompactLoss& params, const Call& call);

}  // namespace lf::cuda
