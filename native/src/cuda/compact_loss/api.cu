// Compact loss on the GPU: checks that the tensors are GPU memory, runs the row kernel of the
// call's dtype (compact_loss_<dtype>.cu), then, for a mean or a sum, reduces the rows' float64
// losses in a fixed order (deterministic) from a stream-ordered workspace.
#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include "cuda/common/check.cuh"
#include "cuda/common/dtype.cuh"
#include "cuda/common/stream_buffer.cuh"
#include "cuda/compact_loss/api.hpp"
#include "logoformer/logoformer.h"

namespace lf::cuda {

template <typename T>
void run_compact_loss_rows(const CompactLossForward&, double*, cudaStream_t);

namespace {

constexpr int kReduceThreads = 256;

// One block: thread t sums rows t, t + threads, ... in order, then a fixed tree combines the
// threads: the same result on every run. `divisor`: batch for the mean, 1 for the sum.
__global__ void __launch_bounds__(kReduceThreads) reduce_kernel(const double* row_loss, int64_t batch, double divisor,
                                                                float* loss) {
    __shared__ double partial[kReduceThreads];
    double sum = 0.0;
    for (int64_t b = threadIdx.x; b < batch; b += kReduceThreads) sum += row_loss[b];
    partial[threadIdx.x] = sum;
    __syncthreads();
    for (int stride = kReduceThreads / 2; stride > 0; stride >>= 1) {
        if (threadIdx.x < stride) partial[threadIdx.x] += partial[threadIdx.x + stride];
        __syncthreads();
    }
    if (threadIdx.x == 0) *loss = static_cast<float>(partial[0] / divisor);
}

void run_rows(const CompactLossForward& params, double* row_loss, int32_t dtype, cudaStream_t stream) {
    for_dtype(dtype, [&](auto element) { run_compact_loss_rows<decltype(element)>(params, row_loss, stream); });
}

}  // namespace

void compact_loss_fwd(const CompactLossForward& params, const Call& call) {
    check_device_pointer(params.logits, "logits");
    check_device_pointer(params.targets, "targets");
    check_device_pointer(params.loss, "loss");
    if (params.grad != nullptr) check_device_pointer(params.grad, "grad_logits");
    const auto stream = static_cast<cudaStream_t>(call.stream);
    if (params.reduction == LF_REDUCTION_NONE) {
        run_rows(params, nullptr, call.dtype, stream);
        return;
    }
    const StreamBuffer<double> row_loss(static_cast<size_t>(params.batch), stream);
    run_rows(params, row_loss.data(), call.dtype, stream);
    const double divisor = params.reduction == LF_REDUCTION_MEAN ? static_cast<double>(params.batch) : 1.0;
    reduce_kernel<<<1, kReduceThreads, 0, stream>>>(row_loss.data(), params.batch, divisor, params.loss);
    check_launch("compact_loss reduce_kernel");
}

}  // namespace lf::cuda
