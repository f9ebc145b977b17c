// Global tokens kernels instantiated for __half tensors.
#include "cuda/global_tokens/launch.cuh"

namespace lf::cuda {
template void run_global_tokens_fwd<__half>(const GlobalTokensForward&, cudaStream_t);
template void run_global_tokens_bwd<__half>(const GlobalTokensBackward&, cudaStream_t);
}  // namespace lf::cuda
