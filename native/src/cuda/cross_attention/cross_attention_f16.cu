// Cross attention kernels instantiated for __half tensors.
#include "cuda/cross_attention/launch.cuh"

namespace lf::cuda {
template void run_cross_attention_fwd<__half>(const CrossAttentionForward&, cudaStream_t);
template void run_cross_attention_bwd<__half>(const CrossAttentionBackward&, cudaStream_t);
}  // namespace lf::cuda
