// Global tokens on the GPU: checks that the tensors are GPU memory, then picks the
// instantiation of the call's dtype. The kernels are compiled in global_tokens_<dtype>.cu,
// one translation unit each, so the build spreads over cores.
#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include "cuda/common/check.cuh"
#include "cuda/common/dtype.cuh"
#include "cuda/global_tokens/api.hpp"
#include "logoformer/logoformer.h"

namespace lf::cuda {

template <typename T>
void run_global_tokens_fwd(const GlobalTokensForward&, cudaStream_t);
template <typename T>
void run_global_tokens_bwd(const GlobalTokensBackward&, cudaStream_t);

void global_tokens_fwd(const GlobalTokensForward& params, const Call& call) {
    check_device_pointer(params.x.data, "x");
    check_device_pointer(params.weight, "weight");
    check_device_pointer(params.bias.data, "bias");
    check_device_pointer(params.gamma.data, "gamma");
    check_device_pointer(params.beta.data, "beta");
    check_device_pointer(params.out.data, "out");
    check_device_pointer(params.mean, "mean");
    check_device_pointer(params.rstd, "rstd");
    const auto stream = static_cast<cudaStream_t>(call.stream);
    for_dtype(call.dtype, [&](auto element) { run_global_tokens_fwd<decltype(element)>(params, stream); });
}

void global_tokens_bwd(const GlobalTokensBackward& params, const Call& call) {
    check_device_pointer(params.x.data, "x");
    check_device_pointer(params.weight, "weight");
    check_device_pointer(params.bias.data, "bias");
    check_device_pointer(params.gamma.data, "gamma");
    check_device_pointer(params.mean, "mean");
    check_device_pointer(params.rstd, "rstd");
    check_device_pointer(params.d_out.data, "d_out");
    check_device_pointer(params.d_x.data, "d_x");
    check_device_pointer(params.d_weight, "d_weight");
    check_device_pointer(params.d_bias.data, "d_bias");
    check_device_pointer(params.d_gamma.data, "d_gamma");
    check_device_pointer(params.d_beta.data, "d_beta");
    const auto stream = static_cast<cudaStream_t>(call.stream);
    for_dtype(call.dtype, [&](auto element) { run_global_tokens_bwd<decltype(element)>(params, stream); });
}

}  // namespace lf::cuda
