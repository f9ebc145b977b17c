// Window attention kernels instantiated for float tensors.
#include "cuda/window_attention/launch.cuh"

namespace lf::cuda {
template void run_window_attention_fwd<float>(const WindowAttentionForward&, cudaStream_t);
template void run_window_attention_bwd<float>(const WindowAttentionBackward&, cudaStream_t);
}  // namespace lf::cuda
