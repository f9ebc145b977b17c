// Cross attention on the GPU for one element type T: typed views, the layout, then the shared
// attention kernels. Instantiated once per dtype (cross_attention_<dtype>.cu).
#pragma once

#include "cuda/attention/launch.cuh"
#include "cuda/cross_attention/api.hpp"
#include "cuda/cross_attention/layout.cuh"

namespace lf::cuda {

template <typename T>
void run_cross_attention_fwd(const CrossAttentionForward& p, cudaStream_t stream) {
    const auto args = attention::forward_args<T>(p);
    attention::launch_forward(CrossLayout(p.shape), args, stream);
}

template <typename T>
void run_cross_attention_bwd(const CrossAttentionBackward& p, cudaStream_t stream) {
    const auto args = attention::backward_args<T>(p);
    attention::launch_backward(CrossLayout(p.shape), args, stream);
}

}  // namespace lf::cuda
