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
__device__ void convolve(const GlobalTokensShape& s, const ChannelsView<const T>& x, const T* weight,
                         const int64_t* weight_strides, const VectorView<const T>& bias, int64_t b, int64_t m,
                         float* pooled) {
    const int64_t C = s.channels;
    for (int64_t c = threadIdx.x; c < C; c += blockDim.x) pooled[c] = to_float(bias[c]);
    for (int64_t k = 0; k < s.pool_volume(); ++k) {
        const int64_t token = s.token_of(m, k);
        for (int64_t c = threadIdx.x; c < C; c += blockDim.x) {
            pooled[c] += to_float(weight[s.weight_offset(weight_strides, c, k)]) * to_float(x.at(b, token, c));
        }
    }
}

// Grid: one block per pooled token b * M + m. Shared memory: C + 32 floats.
template <typename T>
__global__ void forward_kernel(const GlobalTokensForward p) {
    extern __shared__ float shared[];
    const VectorView<const T> gamma = typed<T>(p.gamma), beta = typed<T>(p.beta);
    const ChannelsView<T> out = typed<T>(p.out);
    const int64_t C = p.shape.channels, M = p.shape.pooled_tokens();
    float* pooled = shared;
    float* scratch = shared + C;
    const int64_t row = blockIdx.x, b = row / M, m = row % M;
    convolve(p.shape, typed<T>(p.x), static_cast<const T*>(p.weight), p.weight_strides, typed<T>(p.bias), b, m,
             pooled);
    float sum = 0.0f;
    for (int64_t c = threadIdx.x; c < C; c += blockDim.x) sum += pooled[c];
    const float mean = block_sum(sum, scratch) / static_cast<float>(C);
    float squares = 0.0f;
    for (int64_t c = threadIdx.x; c < C; c += blockDim.x) squares += (pooled[c] - mean) * (pooled[c] - mean);
    const float rstd = 1.0f / sqrtf(block_sum(squares, scratch) / static_cast<float>(C) + p.eps);
    for (int64_t c = threadIdx.x; c < C; c += blockDim.x) {
        out.at(b, m, c) = from_float<T>((pooled[c] - mean) * rstd * to_float(gamma[c]) + to_float(beta[c]));
    }
    if (threadIdx.x == 0) {
        p.mean[row] = mean;
        p.rstd[row] = rstd;
    }
}

// Backward, first pass (grid and shared memory as forward_kernel): recomputes the pooled
// token, keeps x_hat and d_pooled for the parameter pass, writes d_x of the pooled cells.
template <typename T>
__global__ void input_gradient_kernel(const GlobalTokensBackward p, const Workspace w) {
    extern __shared__ float shared[];
    const T* weight = static_cast<const T*>(p.weight);
    const VectorView<const T> gamma = typed<T>(p.gamma);
    const ChannelsView<const T> d_out = typed<T>(p.d_out);
    const ChannelsView<T> d_x = typed<T>(p.d_x);
    const int64_t C = p.shape.channels, M = p.shape.pooled_tokens();
    float* pooled = shared;
    float* scratch = shared + C;
    const int64_t row = blockIdx.x, b = row / M, m = row % M;
    convolve(p.shape, typed<T>(p.x), weight, p.weight_strides, typed<T>(p.bias), b, m, pooled);
    const float mean = p.mean[row], rstd = p.rstd[row];
    float* hat = w.x_hat + row * C;
    float* d_s = w.d_pooled + row * C;
    float sum_g = 0.0f, sum_g_hat = 0.0f;
    for (int64_t c = threadIdx.x; c < C; c += blockDim.x) {
        hat[c] = (pooled[c] - mean) * rstd;
        const float g = to_float(d_out.at(b, m, c)) * to_float(gamma[c]);
        sum_g += g;
        sum_g_hat += g * hat[c];
    }
    const float mean_g = block_sum(sum_g, scratch) / static_cast<float>(C);
    const float mean_g_hat = block_sum(sum_g_hat, scratch) / static_cast<float>(C);
    for (int64_t c = threadIdx.x; c < C; c += blockDim.x) {
        const float g = to_float(d_out.at(b, m, c)) * to_float(gamma[c]);
        d_s[c] = rstd * (g - mean_g - hat[c] * mean_g_hat);
    }
    for (int64_t k = 0; k < p.shape.pool_volume(); ++k) {
        const int64_t token = p.shape.token_of(m, k);
        for (int64_t c = threadIdx.x; c < C; c += blockDim.x) {
            const float weight_ck = to_float(weight[p.shape.weight_offset(p.weight_strides, c, k)]);
            d_x.at(b, token, c) = from_float<T>(d_s[c] * weight_ck);
        }
    }
}

// Parameter k (< K: weight cell k; K: bias; K + 1: gamma; K + 2: beta) of one channel, summed
// over one chunk of pooled tokens. Grid: x = channel block, y = chunk, z = parameter.
template <typename T>
__global__ void parameter_partials_kernel(const GlobalTokensBackward p, const Workspace w) {
    const ChannelsView<const T> x = typed<T>(p.x), d_out = typed<T>(p.d_out);
    const int64_t C = p.shape.channels, M = p.shape.pooled_tokens(), K = p.shape.pool_volume();
    const int64_t c = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
    if (c >= C) return;
    const int64_t parameter = blockIdx.z, chunk = blockIdx.y;
    const int64_t first = chunk * kRowsPerChunk, last = first + kRowsPerChunk < w.rows ? first + kRowsPerChunk : w.rows;
    float sum = 0.0f;
    for (int64_t row = first; row < last; ++row) {
        const int64_t b = row / M, m = row % M;
        if (parameter < K) {
            sum += w.d_pooled[row * C + c] * to_float(x.at(b, p.shape.token_of(m, parameter), c));
        } else if (parameter == K) {
            sum += w.d_pooled[row * C + c];
        } else if (parameter == K + 1) {
            sum += to_float(d_out.at(b, m, c)) * w.x_hat[row * C + c];
        } else {
            sum += to_float(d_out.at(b, m, c));
        }
    }
    w.partials[(parameter * w.chunks + chunk) * C + c] = sum;
}

// Sums each parameter's chunk partials in chunk order and stores it. Grid-stride over (K + 3) * C.
template <typename T>
__global__ void parameter_sums_kernel(const GlobalTokensBackward p, const Workspace w) {
    T* d_weight = static_cast<T*>(p.d_weight);
    const VectorView<T> d_bias = typed<T>(p.d_bias), d_gamma = typed<T>(p.d_gamma), d_beta = typed<T>(p.d_beta);
    const int64_t C = p.shape.channels, K = p.shape.pool_volume();
    for (int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; i < (K + 3) * C;
         i += static_cast<int64_t>(gridDim.x) * blockDim.x) {
        const int64_t parameter = i / C, c = i % C;
        float sum = 0.0f;
        for (int64_t chunk = 0; chunk < w.chunks; ++chunk) sum += w.partials[(parameter * w.chunks + chunk) * C + c];
        const T value = from_float<T>(sum);
        if (parameter < K) {
            d_weight[p.shape.weight_offset(p.d_weight_strides, c, parameter)] = value;
        } else if (parameter == K) {
            d_bias[c] = value;
        } else if (parameter == K + 1) {
            d_gamma[c] = value;
        } else {
            d_beta[c] = value;
        }
    }
}

}  // namespace lf::cuda::global_tokens
