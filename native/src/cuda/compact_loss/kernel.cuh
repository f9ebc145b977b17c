// Compact softmax cross-entropy on the GPU, fp32 sums per row on any element type T, the same
// math as the CPU kernel (cpu/compact_loss/kernel.cpp, where the formulas are derived). One warp
// per row, lanes on consecutive classes (coalesced); the row is read three times (max, sums,
// gradient), the second and third time from cache. Targets are checked here, on the device:
// an out-of-range target makes its row's loss and gradient NaN and reads nothing out of bounds.
// The batch reduction (api.cu) sums the rows' float64 losses in a fixed order.
#pragma once

#include <cmath>
#include <cstdint>

#include "cuda/common/dtype.cuh"
#include "cuda/common/reduce.cuh"

namespace lf::cuda::compact_loss {

constexpr int kRowsPerBlock = 8;   // warps per block of the row kernel

template <typename T>
struct Args {
    int64_t batch, classes;
    const T* logits;
    int64_t logits_stride[2];
    const int64_t* targets;
    int64_t targets_stride;
    float lambda;
    double* row_loss;  // [batch], or nullptr when the losses go straight to `loss`
    float* loss;       // [batch] when row_loss is nullptr
    T* grad;
    int64_t grad_stride[2];
    float grad_scale;
};

// Max where a NaN wins (a NaN logit must poison its row), as the CPU kernel.
__device__ __forceinline__ float max_keeping_nan(float a, float b) { return (b > a || b != b) ? b : a; }

__device__ __forceinline__ float warp_max_keeping_nan(float x) {
#pragma unroll
    for (int offset = 16; offset > 0; offset >>= 1) x = max_keeping_nan(x, __shfl_xor_sync(kFullMask, x, offset));
    return x;
}

template <typename T>
__global__ void __launch_bounds__(kRowsPerBlock * 32) row_kernel(const Args<T> a) {
    const int lane = threadIdx.x % 32;
    const int64_t b = static_cast<int64_t>(blockIdx.x) * kRowsPerBlock + threadIdx.x / 32;
    if (b >= a.batch) return;  // whole warps only: no block-wide synchronisation below
    const int64_t C = a.classes, y = a.targets[b * a.targets_stride];
    const T* z = a.logits + b * a.logits_stride[0];
    const int64_t zs = a.logits_stride[1];
    if (y < 0 || y >= C) {
        if (lane == 0 && a.row_loss != nullptr) a.row_loss[b] = NAN;
        if (lane == 0 && a.row_loss == nullptr) a.loss[b] = NAN;
        if (a.grad != nullptr) {
            for (int64_t j = lane; j < C; j += 32) a.grad[b * a.grad_stride[0] + j * a.grad_stride[1]] = from_float<T>(NAN);
        }
        return;
    }

    float max = -INFINITY;
    for (int64_t j = lane; j < C; j += 32) {
        if (j != y) max = max_keeping_nan(max, to_float(z[j * zs]));
    }
    max = warp_max_keeping_nan(max);
    float sum_exp = 0.0f, sum_exp_dev = 0.0f, sum_dev = 0.0f, count = 0.0f;
    for (int64_t j = lane; j < C; j += 32) {
        const float x = to_float(z[j * zs]);
        if (j == y || x == -INFINITY) continue;
        const float dev = x - max, e = expf(dev);
        sum_exp += e;
        sum_exp_dev += e * dev;
        sum_dev += dev;
        count += 1.0f;
    }
    sum_exp = warp_sum(sum_exp);
    sum_exp_dev = warp_sum(sum_exp_dev);
    sum_dev = warp_sum(sum_dev);
    count = warp_sum(count);  // exact: integers below 2^24 per lane sum

    // The row's loss and gradient constants, in float64 as the CPU kernel's row_result.
    const double target = to_float(z[y * zs]);
    const bool any = count > 0.0f;
    const double log_sum = any ? log(static_cast<double>(sum_exp)) : 0.0;
    const double lse_other = any ? max + log_sum : -INFINITY;
    const double top = any && max > target ? max : target;
    const double lse = top + log((any ? exp(lse_other - top) : 0.0) + exp(target - top));
    const double mean_dev_p = any ? static_cast<double>(sum_exp_dev) / sum_exp : 0.0;
    const double compact = any ? mean_dev_p - static_cast<double>(sum_dev) / count : 0.0;
    const double other_mass = any ? exp(lse_other - lse) : 0.0;
    const double row_loss = lse - target + a.lambda * compact;
    if (lane == 0) {
        if (a.row_loss != nullptr) {
            a.row_loss[b] = row_loss;
        } else {
            a.loss[b] = static_cast<float>(row_loss);
        }
    }
    if (a.grad == nullptr) return;

    const float log_sum_f = static_cast<float>(log_sum), other = static_cast<float>(other_mass);
    const float offset = static_cast<float>(other_mass + a.lambda * (1.0 - mean_dev_p));
    const float inv_count = any ? 1.0f / count : 0.0f;
    T* g = a.grad + b * a.grad_stride[0];
    for (int64_t j = lane; j < C; j += 32) {
        const float x = to_float(z[j * zs]);
        float value = 0.0f;
        if (j == y) {
            value = -a.grad_scale * other;
        } else if (x != -INFINITY) {
            const float dev = x - max;  // x - max first: exact for nearby logits
            const float p_hat = expf(dev - log_sum_f);
            value = a.grad_scale * (p_hat * (offset + a.lambda * dev) - a.lambda * inv_count);
        }
        g[j * a.grad_stride[1]] = from_float<T>(value);
    }
}

}  // namespace lf::cuda::compact_loss
