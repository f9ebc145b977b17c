// The boundary between the compact-loss C entry points and the CPU kernels: plain pointers,
// sizes and element strides, already validated (targets in range, strides sane).
#pragma once

#include <cstdint>

namespace lf::cpu {

struct CompactLossParams {
    int64_t batch, classes;
    const float* logits;
    int64_t logits_stride[2];  // row, class
    const int64_t* targets;
    int64_t targets_stride;
    float lambda;
    double* row_loss;          // [batch] contiguous: CE + lambda * R of each row
    float* grad;               // nullptr: no gradient requested
    int64_t grad_stride[2];    // row, class
    float grad_scale;          // d(reduced loss) / d(row loss): 1, or 1 / batch for the mean
};

}  // namespace lf::cpu
