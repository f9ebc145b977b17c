// Cross attention on the GPU for one element type T: typed views, the layout, then the shared
// attention kernels. Instantiated once per dtype (cross_attention_<dtype>.cu).
#pragma once

#include "cuda/attention/launch.cuh"
#include "cuda/common/tokens.cuh"
#include "cuda/cross_attention/api.hpp"
#include "cuda/cross_attention/layout.cuh"

namespace lf::cuda {

template <typename T>
void run_cross_attention_fwd(const CrossAttentionForward& p, cudaStream_t stream) {
    const int64_t D = p.shape.head_dim;
    attention::check_head_dim(D);
    const attention::ForwardArgs<T> args{static_cast<int>(D),
                                         p.scale,
                                         device_tokens<const T>(p.q, D),
                                         device_tokens<const T>(p.k, D),
                                         device_tokens<const T>(p.v, D),
                                         device_tokens<T>(p.out, D),
                                         p.lse};
    attention::launch_forward(CrossLayout(p.shape), args, stream);
}

template <typename T>
void run_cross_attention_bwd(const CrossAttentionBackward& p, cudaStream_t stream) {
    const int64_t D = p.shape.head_dim;
    attention::check_head_dim(D);
    const attention::BackwardArgs<T> args{static_cast<int>(D),
                                          p.scale,
                                          device_tokens<const T>(p.q, D),
                                          device_tokens<const T>(p.k, D),
                                          device_tokens<const T>(p.v, D),
                                          device_tokens<const T>(p.out, D),
                                          p.lse,
                                          device_tokens<const T>(p.d_out, D),
                                          device_tokens<T>(p.d_q, D),
                                          device_tokens<T>(p.d_k, D),
                                          device_tokens<T>(p.d_v, D)};
    attention::launch_backward(CrossLayout(p.shape), args, stream);
}

}  // namespace lf::cuda
