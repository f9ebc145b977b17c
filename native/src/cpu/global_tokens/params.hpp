// The boundary between the C entry points and the CPU global-tokens kernels: validated
// pointers, sizes and element strides only.
#pragma once

#include <cstdint>

namespace lf::cpu {

// Depthwise 3-D convolution with kernel = stride = pool over the F x H x W token grid, then
// LayerNorm over channels: M = (F/pf)(H/ph)(W/pw) pooled tokens of C channels.
struct GlobalTokensShape {
    int64_t batch, channels;
    int64_t grid[3];  // F, H, W
    int64_t pool[3];  // pf, ph, pw
    float eps;

    int64_t pool_volume() const { return pool[0] * pool[1] * pool[2]; }
    int64_t pooled_tokens() const { return (grid[0] / pool[0]) * (grid[1] / pool[1]) * (grid[2] / pool[2]); }
    // Grid token (row-major t, y, x) of the k-th cell (row-major) of pooled token m.
    int64_t token_of(int64_t m, int64_t k) const {
        const int64_t mh = grid[1] / pool[1], mw = grid[2] / pool[2];
        const int64_t mt = m / (mh * mw), my = (m / mw) % mh, mx = m % mw;
        const int64_t kt = k / (pool[1] * pool[2]), ky = (k / pool[2]) % pool[1], kx = k % pool[2];
        return ((mt * pool[0] + kt) * grid[1] + (my * pool[1] + ky)) * grid[2] + (mx * pool[2] + kx);
    }
};

// A [rows, C] matrix (tokens by channels) through element strides.
template <typename T>
struct ChannelsView {
    T* data;
    int64_t batch_stride, row_stride, channel_stride;

    T* row(int64_t b, int64_t r) const { return data + b * batch_stride + r * row_stride; }
};

// A per-channel vector [C] through its element stride.
template <typename T>
struct VectorView {
    T* data;
    int64_t stride;
};

struct GlobalTokensForward {
    GlobalTokensShape shape;
    ChannelsView<const float> x;  // [B, F*H*W, C]
    const float* weight;          // [C, pf, ph, pw] through weight_strides
    int64_t weight_strides[4];
    VectorView<const float> bias, gamma, beta;
    ChannelsView<float> out;  // [B, M, C]
    float* mean;              // [B, M]
    float* rstd;              // [B, M]
};

struct GlobalTokensBackward {
    GlobalTokensShape shape;
    ChannelsView<const float> x;
    const float* weight;
    int64_t weight_strides[4];
    VectorView<const float> bias, gamma;
    const float* mean;
    const float* rstd;
    ChannelsView<const float> d_out;  // [B, M, C]
    ChannelsView<float> d_x;          // [B, F*H*W, C]
    float* d_weight;                  // [C, pf, ph, pw] through d_weight_strides
    int64_t d_weight_strides[4];
    VectorView<float> d_bias, d_gamma, d_beta;
};

}  // namespace lf::cpu
