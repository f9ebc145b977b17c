// Compact loss row kernel instantiated for __half logits and gradients.
#include "cuda/compact_loss/launch.cuh"

namespace lf::cuda {
template void run_compact_loss_rows<__half>(const CompactLossForward&, double*, cudaStream_t);
}  // namespace lf::cuda
