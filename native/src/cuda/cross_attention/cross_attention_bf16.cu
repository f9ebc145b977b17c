// Cross attention kernels instantiated for __nv_bfloat16 tensors.
#include "cuda/cross_attention/launch.cuh"

namespace lf::cuda {
template void run_cross_attention_fwd<__nv_bfloat16>(const CrossAttentionForward&, cudaStream_t);
template void run_cross_attention_bwd<__nv_bfloat16>(const CrossAttentionBackward&, cudaStream_t);
}  // namespace lf::cuda
