// The compact loss's row kernel for one element type T on the caller's stream. Instantiated
// per dtype (compact_loss_<dtype>.cu); the dtype-free batch reduction lives in api.cu.
#pragma once

#include "cuda/common/check.cuh"
#include "cuda/compact_loss/api.hpp"
#include "cuda/compact_loss/kernel.cuh"

namespace lf::cuda {

// Writes each row's loss to row_loss (float64), or to p.loss as float32 when row_loss is null.
template <typename T>
void run_compact_loss_rows(const CompactLossForward& p, double* row_loss, cudaStream_t stream) {
    using namespace compact_loss;
    const int64_t blocks = (p.batch + kRowsPerBlock - 1) / kRowsPerBlock;
    if (blocks > 0x7fffffff) throw Error(LF_ERROR_UNSUPPORTED, "batch: exceeds the CUDA grid limit");
    const Args<T> args{p.batch,
                       p.classes,
                       static_cast<const T*>(p.logits),
                       {p.logits_stride[0], p.logits_stride[1]},
                       p.targets,
                       p.targets_stride,
                       p.lambda,
                       row_loss,
                       p.loss,
                       static_cast<T*>(p.grad),
                       {p.grad_stride[0], p.grad_stride[1]},
                       p.grad_scale};
    row_kernel<T><<<static_cast<unsigned>(blocks), kRowsPerBlock * 32, 0, stream>>>(args);
    check_launch("compact_loss row_kernel");
}

}  // namespace lf::cuda
