// Window attention on the GPU: checks that the tensors are GPU memory, then picks the
// instantiation of the call's dtype. The kernels are compiled in window_attention_<dtype>.cu,
// one translation unit each, so the build spreads over cores.
#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include "cuda/attention/pointers.cuh"
#include "cuda/common/check.cuh"
#include "cuda/common/dtype.cuh"
#include "cuda/window_attention/api.hpp"
#include "logoformer/logoformer.h"

namespace lf::cuda {

template <typename T>
void run_window_attention_fwd(const WindowAttentionForward&, cudaStream_t);
template <typename T>
void run_window_attention_bwd(const WindowAttentionBackward&, cudaStream_t);

void window_attention_fwd(const WindowAttentionForward& params, const Call& call) {
    attention::check_forward_pointers(params);
    const auto stream = static_cast<cudaStream_t>(call.stream);
    for_dtype(call.dtype, [&](auto element) { run_window_attention_fwd<decltype(element)>(params, stream); });
}

void window_attention_bwd(const WindowAttentionBackward& params, const Call& call) {
    attention::check_backward_pointers(params);
    const auto stream = static_cast<cudaStream_t>(call.stream);
    for_dtype(call.dtype, [&](auto element) { run_window_attention_bwd<decltype(element)>(params, stream); });
}

}  // namespace lf::cuda
