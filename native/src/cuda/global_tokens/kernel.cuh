// Global tokens on the GPU (depthwise conv3d with kernel = stride + bias, then LayerNorm over
// channels), fp32 math on any element type T. One block per pooled token for the forward and
// the backward's first pass (threads over channels: coalesced reads of the channel-last
// tokens; each grid token belongs to one pooled token, so d_x has no write conflicts). The
// parameter gradients are summed per chunk of pooled tokens, then over the chunks in order:
// no atomics, deterministic.
#pragma once

#include "cuda/common/reduce.cuh"
#include "cuda/global_tokens/traits.cuh"

namespace lf::cuda::global_tokens {

// pooled[c] = bias[c] + sum_k weight[c, k] x[b, token(m, k), c] for this thread's channels.
template <typename T>
__device__ void convolve(const Pooling& pool, const DeviceChannels<const T>& x, const T* weight,
                         const int64_t* weight_strides, const DeviceVector<const T>& bias, int64_t b, int64_t m,
                         float* pooled) {
    const int64_t C = pool.channels;
    for (int64_t c = threadIdx.x; c < C; c += blockDim.x) pooled[c] = to_float(bias[c]);
    for (int64_t k = 0; k < pool.pool_volume; ++k) {
        const int64_t token = pool.token_of(m, k);
        for (int64_t c = threadIdx.x; c < C; c += blockDim.x) {
            pooled[c] += to_float(weight[pool.weight_offset(weight_strides, c, k)]) * to_float(x.at(b, token, c));
        }
    }
}

// Grid: one block per pooled token b * M + m. Shared memory: C + 32 floats.
template <typename T>
__global__ void forward_kernel(const ForwardArgs<T> a) {
    extern __shared__ float shared[];
    const int64_t C = a.pool.channels, M = a.pool.pooled_tokens;
    float* pooled = shared;
    float* scratch = shared + C;
    const int64_t row = blockIdx.x, b = row / M, m = row % M;
    convolve(a.pool, a.x, a.weight, a.weight_strides, a.bias, b, m, pooled);
    float sum = 0.0f;
    for (int64_t c = threadIdx.x; c < C; c += blockDim.x) sum += pooled[c];
    const float mean = block_sum(sum, scratch) / static_cast<float>(C);
    float squares = 0.0f;
    for (int64_t c = threadIdx.x; c < C; c += blockDim.x) squares += (pooled[c] - mean) * (pooled[c] - mean);
    const float rstd = 1.0f / sqrtf(block_sum(squares, scratch) / static_cast<float>(C) + a.eps);
    for (int64_t c = threadIdx.x; c < C; c += blockDim.x) {
        a.out.at(b, m, c) = from_float<T>((pooled[c] - mean) * rstd * to_float(a.gamma[c]) + to_float(a.beta[c]));
    }
    if (threadIdx.x == 0) {
        a.mean[row] = mean;
        a.rstd[row] = rstd;
    }
}

// Backward, first pass (grid and shared memory as forward_kernel): recomputes the pooled
// token, keeps x_hat and d_pooled for the parameter pass, writes d_x of the pooled cells.
template <typename T>
__global__ void input_gradient_kernel(const BackwardArgs<T> a) {
    extern __shared__ float shared[];
    const int64_t C = a.pool.channels, M = a.pool.pooled_tokens;
    float* pooled = shared;
    float* scratch = shared + C;
    const int64_t row = blockIdx.x, b = row / M, m = row % M;
    convolve(a.pool, a.x, a.weight, a.weight_strides, a.bias, b, m, pooled);
    const float mean = a.mean[row], rstd = a.rstd[row];
    float* hat = a.x_hat + row * C;
    float* d_s = a.d_pooled + row * C;
    float sum_g = 0.0f, sum_g_hat = 0.0f;
    for (int64_t c = threadIdx.x; c < C; c += blockDim.x) {
        hat[c] = (pooled[c] - mean) * rstd;
        const float g = to_float(a.d_out.at(b, m, c)) * to_float(a.gamma[c]);
        sum_g += g;
        sum_g_hat += g * hat[c];
    }
    const float mean_g = block_sum(sum_g, scratch) / static_cast<float>(C);
    const float mean_g_hat = block_sum(sum_g_hat, scratch) / static_cast<float>(C);
    for (int64_t c = threadIdx.x; c < C; c += blockDim.x) {
        const float g = to_float(a.d_out.at(b, m, c)) * to_float(a.gamma[c]);
        d_s[c] = rstd * (g - mean_g - hat[c] * mean_g_hat);
    }
    for (int64_t k = 0; k < a.pool.pool_volume; ++k) {
        const int64_t token = a.pool.token_of(m, k);
        for (int64_t c = threadIdx.x; c < C; c += blockDim.x) {
            a.d_x.at(b, token, c) = from_float<T>(d_s[c] * to_float(a.weight[a.pool.weight_offset(a.weight_strides, c, k)]));
        }
    }
}

// Parameter k (< K: weight cell k; K: bias; K + 1: gamma; K + 2: beta) of one channel, summed
// over one chunk of pooled tokens. Grid: x = channel block, y = chunk, z = parameter.
template <typename T>
__global__ void parameter_partials_kernel(const BackwardArgs<T> a) {
    const int64_t C = a.pool.channels, M = a.pool.pooled_tokens, K = a.pool.pool_volume;
    const int64_t c = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
    if (c >= C) return;
    const int64_t parameter = blockIdx.z, chunk = blockIdx.y;
    const int64_t first = chunk * kRowsPerChunk, last = first + kRowsPerChunk < a.rows ? first + kRowsPerChunk : a.rows;
    float sum = 0.0f;
    for (int64_t row = first; row < last; ++row) {
        const int64_t b = row / M, m = row % M;
        if (parameter < K) {
            sum += a.d_pooled[row * C + c] * to_float(a.x.at(b, a.pool.token_of(m, parameter), c));
        } else if (parameter == K) {
            sum += a.d_pooled[row * C + c];
        } else if (parameter == K + 1) {
            sum += to_float(a.d_out.at(b, m, c)) * a.x_hat[row * C + c];
        } else {
            sum += to_float(a.d_out.at(b, m, c));
        }
    }
    a.partials[(parameter * a.chunks + chunk) * C + c] = sum;
}

// Sums each parameter's chunk partials in chunk order and stores it. Grid-stride over (K + 3) * C.
template <typename T>
__global__ void parameter_sums_kernel(const BackwardArgs<T> a) {
    const int64_t C = a.pool.channels, K = a.pool.pool_volume;
    for (int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; i < (K + 3) * C;
         i += static_cast<int64_t>(gridDim.x) * blockDim.x) {
        const int64_t parameter = i / C, c = i % C;
        float sum = 0.0f;
        for (int64_t chunk = 0; chunk < a.chunks; ++chunk) sum += a.partials[(parameter * a.chunks + chunk) * C + c];
        const T value = from_float<T>(sum);
        if (parameter < K) {
            a.d_weight[a.pool.weight_offset(a.d_weight_strides, c, parameter)] = value;
        } else if (parameter == K) {
            a.d_bias[c] = value;
        } else if (parameter == K + 1) {
            a.d_gamma[c] = value;
        } else {
            a.d_beta[c] = value;
        }
    }
}

}  // namespace lf::cuda::global_tokens
