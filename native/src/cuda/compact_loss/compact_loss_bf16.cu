// Compact loss row kernel instantiated for __nv_bfloat16 logits and gradients.
#include "cuda/compact_loss/launch.cuh"

namespace lf::cuda {
template void run_compact_loss_rows<__nv_bfloat16>(const CompactLossForward&, double*, cudaStream_t);
}  // namespace lf::cuda
