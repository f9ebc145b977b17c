// Device views and sizes of the global-tokens kernels: the pooling geometry and the [B, rows, C]
// and [C] tensors through element strides.
#pragma once

#include <cstdint>

#include "cpu/global_tokens/params.hpp"
#include "cuda/common/dtype.cuh"

namespace lf::cuda::global_tokens {

// Pooled-token rows whose parameter gradients one block sums before the ordered final sum.
constexpr int kRowsPerChunk = 64;
constexpr int kParameterThreads = 128;  // channels per block of the parameter-gradient passes

struct Pooling {
    int64_t grid_h, grid_w, pool_f, pool_h, pool_w, pooled_h, pooled_w;
    int64_t pooled_tokens, pool_volume, channels;

    explicit Pooling(const cpu::GlobalTokensShape& s)
        : grid_h(s.grid[1]),
          grid_w(s.grid[2]),
          pool_f(s.pool[0]),
          pool_h(s.pool[1]),
          pool_w(s.pool[2]),
          pooled_h(s.grid[1] / s.pool[1]),
          pooled_w(s.grid[2] / s.pool[2]),
          pooled_tokens(s.pooled_tokens()),
          pool_volume(s.pool_volume()),
          channels(s.channels) {}

    // Grid token (row-major t, y, x) of the k-th cell (row-major) of pooled token m.
    __device__ int64_t token_of(int64_t m, int64_t k) const {
        const int64_t mt = m / (pooled_h * pooled_w), my = (m / pooled_w) % pooled_h, mx = m % pooled_w;
        const int64_t kt = k / (pool_h * pool_w), ky = (k / pool_w) % pool_h, kx = k % pool_w;
        return ((mt * pool_f + kt) * grid_h + my * pool_h + ky) * grid_w + mx * pool_w + kx;
    }
    // Element offset of weight (c, k) through [C, pf, ph, pw] strides.
    __device__ int64_t weight_offset(const int64_t* strides, int64_t c, int64_t k) const {
        const int64_t kt = k / (pool_h * pool_w), ky = (k / pool_w) % pool_h, kx = k % pool_w;
        return c * strides[0] + kt * strides[1] + ky * strides[2] + kx * strides[3];
    }
};

template <typename T>
struct DeviceChannels {
    T* data;
    int64_t batch_stride, row_stride, channel_stride;

    __device__ T& at(int64_t b, int64_t r, int64_t c) const {
        return data[b * batch_stride + r * row_stride + c * channel_stride];
    }
};

template <typename T>
struct DeviceVector {
    T* data;
    int64_t stride;

    __device__ T& operator[](int64_t c) const { return data[c * stride]; }
};

template <typename T>
struct ForwardArgs {
    Pooling pool;
    float eps;
    DeviceChannels<const T> x;
    const T* weight;
    int64_t weight_strides[4];
    DeviceVector<const T> bias, gamma, beta;
    DeviceChannels<T> out;
    float* mean;
    float* rstd;
};

template <typename T>
struct BackwardArgs {
    Pooling pool;
    int64_t rows;  // B * M
    DeviceChannels<const T> x;
    const T* weight;
    int64_t weight_strides[4];
    DeviceVector<const T> bias, gamma;
    const float* mean;
    const float* rstd;
    DeviceChannels<const T> d_out;
    DeviceChannels<T> d_x;
    T* d_weight;
    int64_t d_weight_strides[4];
    DeviceVector<T> d_bias, d_gamma, d_beta;
    float* x_hat;     // workspace [rows, C]: the normalised pooled tokens
    float* d_pooled;  // workspace [rows, C]: gradient of the pre-LayerNorm pooled tokens
    float* partials;  // workspace [K + 3][chunks][C]: per-chunk parameter-gradient sums
    int64_t chunks;
};

}  // namespace lf::cuda::global_tokens
