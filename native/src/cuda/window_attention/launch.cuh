// Window attention on the GPU for one element type T: typed views, the layout, then the
// shared attention kernels. Instantiated once per dtype (window_attention_<dtype>.cu).
#pragma once

#include "cuda/attention/launch.cuh"
#include "cuda/common/tokens.cuh"
#include "cuda/window_attention/api.hpp"
#include "cuda/window_attention/layout.cuh"

namespace lf::cuda {

template <typename T>
void run_window_attention_fwd(const WindowAttentionForward& p, cudaStream_t stream) {
    const int64_t D = p.shape.head_dim;
    attention::check_head_dim(D);
    const attention::ForwardArgs<T> args{static_cast<int>(D),
                                         p.scale,
                                         device_tokens<const T>(p.q, D),
                                         device_tokens<const T>(p.k, D),
                                         device_tokens<const T>(p.v, D),
                                         device_tokens<T>(p.out, D),
                                         p.lse};
    attention::zero_leading_rows(args.out, p.shape.batch, p.shape.globals, p.shape.heads, args.head_dim, stream);
    attention::launch_forward(WindowLayout(p.shape), args, stream);
}

template <typename T>
void run_window_attention_bwd(const WindowAttentionBackward& p, cudaStream_t stream) {
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
    attention::zero_leading_rows(args.d_q, p.shape.batch, p.shape.globals, p.shape.heads, args.head_dim, stream);
    attention::launch_backward(WindowLayout(p.shape), args, stream);
}

}  // namespace lf::cuda
