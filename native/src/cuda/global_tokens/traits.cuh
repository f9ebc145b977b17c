// Sizes and workspace of the global-tokens kernels. The kernels take the params both backends
// share (common/global_tokens.hpp: the shape with token_of and weight_offset, untyped views)
// and type the views at their entry; the backward adds its workspace.
#pragma once

#include <cstdint>

#include "common/global_tokens.hpp"
#include "common/tensor_views.hpp"
#include "cuda/common/dtype.cuh"

namespace lf::cuda::global_tokens {

// Pooled-token rows whose parameter gradients one block sums before the ordered final sum.
constexpr int kRowsPerChunk = 64;
constexpr int kParameterThreads = 128;  // channels per block of the parameter-gradient passes

// The backward's stream-ordered workspace, in floats.
struct Workspace {
    int64_t rows;     // B * M
    float* x_hat;     // [rows, C]: the normalised pooled tokens
    float* d_pooled;  // [rows, C]: gradient of the pre-LayerNorm pooled tokens
    float* partials;  // [K + 3][chunks][C]: per-chunk parameter-gradient sums
    int64_t chunks;
};

}  // namespace lf::cuda::global_tokens
