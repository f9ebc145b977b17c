// Window attention kernels instantiated for __half tensors.
#include "cuda/window_attention/launch.cuh"

namespace lf::cuda {
template void run_window_attention_fwd<__half>(const WindowAttentionForward&, cudaStream_t);
template void run_window_attention_bwd<__half>(const WindowAttentionBackward&, cudaStream_t);
}  // namespace lf::cuda
