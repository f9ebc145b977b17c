// Window attention on the GPU for one element type T: typed views, the layout, then the
// shared attention kernels. Instantiated once per dtype (window_attention_<dtype>.cu).
#pragma once

#include "cuda/attention/launch.cuh"
#include "cuda/window_attention/api.hpp"
#include "cuda/window_attention/layout.cuh"

namespace lf::cuda {

template <typename T>
void run_window_attention_fwd(const WindowAttentionForward& p, cudaStream_t stream) {
    const auto args = attention::forward_args<T>(p);
    attention::zero_leading_rows(args.out, p.shape.batch, p.shape.leading_tokens, p.shape.heads, args.head_dim, stream);
    attention::launch_forward(WindowLayout(p.shape), args, stream);
}

template <typename T>
void run_window_attention_bwd(const WindowAttentionBackward& p, cudaStream_t stream) {
    const auto args = attention::backward_args<T>(p);
    attention::zero_leading_rows(args.d_q, p.shape.batch, p.shape.leading_tokens, p.shape.heads, args.head_dim, stream);
    attention::launch_backward(WindowLayout(p.shape), args, stream);
}

}  // namespace lf::cuda
