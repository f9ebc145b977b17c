// Global tokens kernels instantiated for __nv_bfloat16 tensors.
#include "cuda/global_tokens/launch.cuh"

namespace lf::cuda {
template void run_global_tokens_fwd<__nv_bfloat16>(const GlobalTokensForward&, cudaStream_t);
template void run_global_tokens_bwd<__nv_bfloat16>(const GlobalTokensBackward&, cudaStream_t);
}  // namespace lf::cuda
