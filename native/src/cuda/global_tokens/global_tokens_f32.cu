// Global tokens kernels instantiated for float tensors.
#include "cuda/global_tokens/launch.cuh"

namespace lf::cuda {
template void run_global_tokens_fwd<float>(const GlobalTokensForward&, cudaStream_t);
template void run_global_tokens_bwd<float>(const GlobalTokensBackward&, cudaStream_t);
}  // namespace lf::cuda
