// The compact loss's parameters, shared by the C entry point, the CPU kernel and the CUDA
// kernels: validated sizes and element strides, untyped logits and gradient (element type = the
// call's dtype), int64 targets, float32 loss.
#pragma once

#include <cstdint>

namespace lf {

struct CompactLossForward {
    int64_t batch, classes;
    const void* logits;        // [B, C]
    int64_t logits_stride[2];  // row, class
    const int64_t* targets;    // [B]; the CPU entry point checks their range, the CUDA kernel its own
    int64_t targets_stride;
    float lambda;
    int32_t reduction;       // an lf_reduction
    float* loss;             // [B] for LF_REDUCTION_NONE, else one value
    void* grad;              // [B, C], or nullptr: no gradient requested
    int64_t grad_stride[2];  // row, class
    float grad_scale;        // d(reduced loss) / d(row loss): 1, or 1 / batch for the mean
};

}  // namespace lf
