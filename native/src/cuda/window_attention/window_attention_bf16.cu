// Window attention kernels instantiated for __nv_bfloat16 tensors.
#include "cuda/window_attention/launch.cuh"

namespace lf::cuda {
template void run_window_attention_fwd<__nv_bfloat16>(const WindowAttentionForward&, cudaStream_t);
template void run_window_attention_bwd<__nv_bfloat16>(const WindowAttentionBackward&, cudaStream_t);
}  // namespace lf::cuda
