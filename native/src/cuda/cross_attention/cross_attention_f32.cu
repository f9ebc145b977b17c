// Cross attention kernels instantiated for float tensors.
#include "cuda/cross_attention/launch.cuh"

namespace lf::cuda {
template void run_cross_attention_fwd<float>(const CrossAttentionForward&, cudaStream_t);
template void run_cross_attention_bwd<float>(const CrossAttentionBackward&, cudaStream_t);
}  // namespace lf::cuda
