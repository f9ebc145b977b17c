// The parameters of the two attention ops (window_attention.hpp, cross_attention.hpp), one set
// per direction, taken by both backends: the op's shape, the scale and untyped views of the
// heads-last tensors (element type = the call's dtype), validated by the C entry point; the
// softmax statistic lse is always float32 and contiguous.
#pragma once

#include "common/tensor_views.hpp"

namespace lf {

template <typename Shape>
struct AttentionForward {
    Shape shape;
    float scale;
    TokensView<const void> q, k, v;
    TokensView<void> out;
    float* lse;
};

template <typename Shape>
struct AttentionBackward {
    Shape shape;
    float scale;
    TokensView<const void> q, k, v, out;
    const float* lse;
    TokensView<const void> d_out;
    TokensView<void> d_q, d_k, d_v;
};

}  // namespace lf
