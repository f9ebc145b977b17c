// A heads-last token tensor [B, T, heads, D] read or written through element strides: how
// every attention kernel sees q, k, v, outputs and gradients.
#pragma once

#include <cstdint>

namespace lf::cpu {

// A heads-last token tensor [B, T, heads, D] read or written through element strides.
template <typename T>
struct TokensView {
    T* data;
    int64_t stride[4];

    T* row(int64_t b, int64_t t, int64_t h) const {
        return data + b * stride[0] + t * stride[1] + h * stride[2];
    }
    int64_t d_stride() const { return stride[3]; }
};

}  // namespace lf::cpu
