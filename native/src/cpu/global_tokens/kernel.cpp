// Global tokens on the CPU, float32 or bfloat16 in memory, float32 arithmetic (LayerNorm
// moments and parameter-gradient sums included; mean and rstd are float32): depthwise strided 3-D convolution (kernel = stride = pool)
// plus bias, then LayerNorm over channels, fused in one pass per pooled token; the backward
// recomputes the convolution instead of saving it. Forward and the backward's first pass run
// in parallel over pooled tokens (each grid token belongs to one of them, so d_x has no write
// conflicts); the parameter gradients run in parallel over channel blocks and sum pooled tokens
// in a fixed order (deterministic). The params' untyped views are typed at each entry. Compiled
// once per ISA; no standard-library templates (see simd/aligned_buffer.hpp).
#include <cmath>
#include <new>

#include "cpu/global_tokens/kernels.hpp"
#include "cpu/simd/aligned_buffer.hpp"
#include "cpu/simd/elements.hpp"

namespace lf::cpu::LF_ISA_NAMESPACE {
namespace {

using simd::from_float;
using simd::to_float;

// Channels per block of the parameter-gradient pass.
constexpr int64_t kChannelBlock = 16;

// Contiguous float32 copies of the parameters: weight as [K][C] (so a pooled cell reads C
// contiguous weights), and the per-channel vectors.
struct PackedParameters {
    AlignedBuffer storage;
    float *weight, *bias, *gamma, *beta;

    // beta.data may be null (the backward): zeros.
    template <typename E>
    PackedParameters(const GlobalTokensShape& s, const E* w, const int64_t* ws, VectorView<const E> b,
                     VectorView<const E> g, VectorView<const E> be)
        : storage(static_cast<size_t>((s.pool_volume() + 3) * s.channels)) {
        if (!storage.ok()) throw std::bad_alloc();
        const int64_t C = s.channels, K = s.pool_volume();
        weight = storage.data();
        bias = weight + K * C;
        gamma = bias + C;
        beta = gamma + C;
        for (int64_t c = 0; c < C; ++c) {
            for (int64_t k = 0; k < K; ++k) weight[k * C + c] = to_float(w[s.weight_offset(ws, c, k)]);
            bias[c] = to_float(b[c]);
            gamma[c] = to_float(g[c]);
            beta[c] = be.data != nullptr ? to_float(be[c]) : 0.0f;
        }
    }
};

// s = bias + sum_k w[k] * x[token(m, k)] over channels: the pre-LayerNorm pooled token (b, m).
template <typename E>
void convolve(const GlobalTokensShape& s, const ChannelsView<const E>& x, const PackedParameters& p, int64_t b,
              int64_t m, float* out) {
    const int64_t C = s.channels, cs = x.channel_stride;
    for (int64_t c = 0; c < C; ++c) out[c] = p.bias[c];
    for (int64_t k = 0; k < s.pool_volume(); ++k) {
        const E* row = x.row(b, s.token_of(m, k));
        const float* w = p.weight + k * C;
        if (cs == 1) {
            int64_t c = 0;
            for (; c + simd::kWidth <= C; c += simd::kWidth)
                simd::store(out + c, simd::load(out + c) + simd::load(w + c) * simd::load_floats(row + c));
            for (; c < C; ++c) out[c] += w[c] * to_float(row[c]);
        } else {
            for (int64_t c = 0; c < C; ++c) out[c] += w[c] * to_float(row[c * cs]);
        }
    }
}

// Runs body(row, scratch) for every pooled token row = b * M + m, each thread with `floats` of scratch.
template <typename Body>
void for_each_pooled_token(const GlobalTokensShape& s, size_t floats, Body&& body) {
    const int64_t rows = s.batch * s.pooled_tokens();
    int out_of_memory = 0;
#pragma omp parallel reduction(| : out_of_memory)
    {
        const AlignedBuffer scratch(floats);
        out_of_memory |= scratch.ok() ? 0 : 1;
#pragma omp for schedule(static)
        for (int64_t row = 0; row < rows; ++row) {
            if (scratch.ok()) body(row, scratch.data());
        }
    }
    if (out_of_memory) throw std::bad_alloc();
}

template <typename E>
void forward(const GlobalTokensForward& p) {
    const GlobalTokensShape& s = p.shape;
    const ChannelsView<const E> x = typed<E>(p.x);
    const ChannelsView<E> out = typed<E>(p.out);
    const PackedParameters params(s, static_cast<const E*>(p.weight), p.weight_strides, typed<E>(p.bias),
                                  typed<E>(p.gamma), typed<E>(p.beta));
    const int64_t C = s.channels, M = s.pooled_tokens();
    for_each_pooled_token(s, static_cast<size_t>(C), [&](int64_t row, float* pooled) {
        const int64_t b = row / M, m = row % M;
        convolve(s, x, params, b, m, pooled);
        float sum = 0.0f;
        for (int64_t c = 0; c < C; ++c) sum += pooled[c];
        const float mean = sum / static_cast<float>(C);
        float squares = 0.0f;
        for (int64_t c = 0; c < C; ++c) squares += (pooled[c] - mean) * (pooled[c] - mean);
        const float rstd = 1.0f / std::sqrt(squares / static_cast<float>(C) + p.eps);
        E* out_row = out.row(b, m);
        for (int64_t c = 0; c < C; ++c)
            out_row[c * out.channel_stride] =
                from_float<E>((pooled[c] - mean) * rstd * params.gamma[c] + params.beta[c]);
        p.mean[row] = mean;
        p.rstd[row] = rstd;
    });
}

template <typename E>
void backward(const GlobalTokensBackward& p) {
    const GlobalTokensShape& s = p.shape;
    const ChannelsView<const E> x = typed<E>(p.x), d_out = typed<E>(p.d_out);
    const ChannelsView<E> d_x = typed<E>(p.d_x);
    const VectorView<E> d_bias = typed<E>(p.d_bias), d_gamma = typed<E>(p.d_gamma), d_beta = typed<E>(p.d_beta);
    E* d_weight = static_cast<E*>(p.d_weight);
    const PackedParameters params(s, static_cast<const E*>(p.weight), p.weight_strides, typed<E>(p.bias),
                                  typed<E>(p.gamma), VectorView<const E>{nullptr, 0});
    const int64_t C = s.channels, M = s.pooled_tokens(), K = s.pool_volume(), rows = s.batch * M;
    // Per pooled token: the normalised value x_hat and the gradient of the pre-LayerNorm value.
    const AlignedBuffer saved(static_cast<size_t>(2 * rows * C));
    if (!saved.ok()) throw std::bad_alloc();
    float* x_hat = saved.data();
    float* d_pooled = saved.data() + rows * C;

    for_each_pooled_token(s, static_cast<size_t>(C), [&](int64_t row, float* pooled) {
        const int64_t b = row / M, m = row % M;
        convolve(s, x, params, b, m, pooled);
        const float mean = p.mean[row], rstd = p.rstd[row];
        const E* dy = d_out.row(b, m);
        float* hat = x_hat + row * C;
        float* d_s = d_pooled + row * C;
        float mean_g = 0.0f, mean_g_hat = 0.0f;
        for (int64_t c = 0; c < C; ++c) {
            hat[c] = (pooled[c] - mean) * rstd;
            const float g = to_float(dy[c * d_out.channel_stride]) * params.gamma[c];
            mean_g += g;
            mean_g_hat += g * hat[c];
        }
        mean_g /= static_cast<float>(C);
        mean_g_hat /= static_cast<float>(C);
        for (int64_t c = 0; c < C; ++c) {
            const float g = to_float(dy[c * d_out.channel_stride]) * params.gamma[c];
            d_s[c] = rstd * (g - mean_g - hat[c] * mean_g_hat);
        }
        for (int64_t k = 0; k < K; ++k) {
            E* dx = d_x.row(b, s.token_of(m, k));
            const float* w = params.weight + k * C;
            for (int64_t c = 0; c < C; ++c) dx[c * d_x.channel_stride] = from_float<E>(d_s[c] * w[c]);
        }
    });

    const int64_t blocks = (C + kChannelBlock - 1) / kChannelBlock;
    int out_of_memory = 0;
#pragma omp parallel reduction(| : out_of_memory)
    {
        const AlignedBuffer weight_sums(static_cast<size_t>(K * kChannelBlock));
        out_of_memory |= weight_sums.ok() ? 0 : 1;
#pragma omp for schedule(dynamic)
        for (int64_t block = 0; block < blocks; ++block) {
            if (!weight_sums.ok()) continue;
            const int64_t c0 = block * kChannelBlock, width = C - c0 < kChannelBlock ? C - c0 : kChannelBlock;
            float* dw = weight_sums.data();
            for (int64_t i = 0; i < K * kChannelBlock; ++i) dw[i] = 0.0f;
            float beta_sums[kChannelBlock] = {}, gamma_sums[kChannelBlock] = {}, bias_sums[kChannelBlock] = {};
            for (int64_t row = 0; row < rows; ++row) {
                const int64_t b = row / M, m = row % M;
                const E* dy = d_out.row(b, m);
                const float* hat = x_hat + row * C + c0;
                const float* d_s = d_pooled + row * C + c0;
                for (int64_t c = 0; c < width; ++c) {
                    const float dy_c = to_float(dy[(c0 + c) * d_out.channel_stride]);
                    beta_sums[c] += dy_c;
                    gamma_sums[c] += dy_c * hat[c];
                    bias_sums[c] += d_s[c];
                }
                for (int64_t k = 0; k < K; ++k) {
                    const E* x_row = x.row(b, s.token_of(m, k)) + c0 * x.channel_stride;
                    for (int64_t c = 0; c < width; ++c)
                        dw[k * kChannelBlock + c] += d_s[c] * to_float(x_row[c * x.channel_stride]);
                }
            }
            for (int64_t c = 0; c < width; ++c) {
                const int64_t channel = c0 + c;
                d_beta[channel] = from_float<E>(beta_sums[c]);
                d_gamma[channel] = from_float<E>(gamma_sums[c]);
                d_bias[channel] = from_float<E>(bias_sums[c]);
                for (int64_t k = 0; k < K; ++k)
                    d_weight[s.weight_offset(p.d_weight_strides, channel, k)] = from_float<E>(dw[k * kChannelBlock + c]);
            }
        }
    }
    if (out_of_memory) throw std::bad_alloc();
}

}  // namespace

void global_tokens_fwd(const GlobalTokensForward& params, int32_t dtype) {
    simd::for_dtype(dtype, [&](auto element) { forward<decltype(element)>(params); });
}

void global_tokens_bwd(const GlobalTokensBackward& params, int32_t dtype) {
    simd::for_dtype(dtype, [&](auto element) { backward<decltype(element)>(params); });
}

}  // namespace lf::cpu::LF_ISA_NAMESPACE
