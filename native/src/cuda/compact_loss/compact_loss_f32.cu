// Compact loss row kernel instantiated for float logits and gradients.
#include "cuda/compact_loss/launch.cuh"

namespace lf::cuda {
template void run_compact_loss_rows<float>(const CompactLossForward&, double*, cudaStream_t);
}  // namespace lf::cuda
