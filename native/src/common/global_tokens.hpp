// The global-tokens op's shape and parameters, shared by the C entry points, the CPU kernels and
// the CUDA kernels: a depthwise 3-D convolution with kernel = stride = pool over the F x H x W
// grid of C-channel tokens, plus bias, then LayerNorm over channels, giving M =
// (F/pf)(H/ph)(W/pw) pooled tokens in (t, y, x) row-major order. Untyped tensors (element type =
// the call's dtype); mean and rstd are float32 [B, M], contiguous.
#pragma once

#include <cstdint>

#include "common/host_device.hpp"
#include "common/tensor_views.hpp"

namespace lf {

struct GlobalTokensShape {
    int64_t batch, channels;
    int64_t grid[3];          // F, H, W
    int64_t pool[3];          // pf, ph, pw
    int64_t pooled_along[3];  // F/pf, H/ph, W/pw: derived, so token_of divides no more than it must

    // Sizes already validated: the pool divides the grid.
    LF_INLINE GlobalTokensShape(int64_t batch_size, int64_t channel_count, const int64_t (&grid_size)[3],
                                const int64_t (&pool_size)[3])
        : batch(batch_size),
          channels(channel_count),
          grid{grid_size[0], grid_size[1], grid_size[2]},
          pool{pool_size[0], pool_size[1], pool_size[2]},
          pooled_along{grid_size[0] / pool_size[0], grid_size[1] / pool_size[1], grid_size[2] / pool_size[2]} {}

    LF_HOST_DEVICE LF_INLINE int64_t grid_tokens() const { return grid[0] * grid[1] * grid[2]; }  // N
    LF_HOST_DEVICE LF_INLINE int64_t pool_volume() const { return pool[0] * pool[1] * pool[2]; }  // K
    LF_HOST_DEVICE LF_INLINE int64_t pooled_tokens() const {                                       // M
        return pooled_along[0] * pooled_along[1] * pooled_along[2];
    }

    // Cell k of a pool (row-major), as offsets (t, y, x) within the pool.
    struct Cell {
        int64_t t, y, x;
    };
    LF_HOST_DEVICE LF_INLINE Cell cell(int64_t k) const {
        return {k / (pool[1] * pool[2]), (k / pool[2]) % pool[1], k % pool[2]};
    }
    // Grid token (row-major t, y, x) of the k-th cell of pooled token m.
    LF_HOST_DEVICE LF_INLINE int64_t token_of(int64_t m, int64_t k) const {
        const int64_t mh = pooled_along[1], mw = pooled_along[2];
        const int64_t mt = m / (mh * mw), my = (m / mw) % mh, mx = m % mw;
        const Cell c = cell(k);
        return ((mt * pool[0] + c.t) * grid[1] + my * pool[1] + c.y) * grid[2] + mx * pool[2] + c.x;
    }
    // Element offset of weight (c, cell k) of a [C, pf, ph, pw] tensor through its 4 strides.
    LF_HOST_DEVICE LF_INLINE int64_t weight_offset(const int64_t* strides, int64_t c, int64_t k) const {
        const Cell cl = cell(k);
        return c * strides[0] + cl.t * strides[1] + cl.y * strides[2] + cl.x * strides[3];
    }
};

struct GlobalTokensForward {
    GlobalTokensShape shape;
    float eps;                   // LayerNorm's epsilon
    ChannelsView<const void> x;  // [B, F*H*W, C]
    const void* weight;          // [C, pf, ph, pw] through weight_strides
    int64_t weight_strides[4];
    VectorView<const void> bias, gamma, beta;  // [C]
    ChannelsView<void> out;                    // [B, M, C]
    float* mean;
    float* rstd;
};

// The convolution is recomputed from x (eps is not needed: rstd holds it).
struct GlobalTokensBackward {
    GlobalTokensShape shape;
    ChannelsView<const void> x;
    const void* weight;
    int64_t weight_strides[4];
    VectorView<const void> bias, gamma;
    const float* mean;
    const float* rstd;
    ChannelsView<const void> d_out;  // [B, M, C]
    ChannelsView<void> d_x;          // [B, F*H*W, C]
    void* d_weight;                  // [C, pf, ph, pw] through d_weight_strides
    int64_t d_weight_strides[4];
    VectorView<void> d_bias, d_gamma, d_beta;
};

}  // namespace lf
