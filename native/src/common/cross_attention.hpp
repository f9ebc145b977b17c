// Cross attention's shape and parameters, shared by the C entry points, the CPU kernels and the
// CUDA kernels: dense attention of Nq queries over Nk separate keys of the same (batch, head).
// q and out are [B, Nq, heads, D]; k and v [B, Nk, heads, D]; lse [B, heads, Nq].
#pragma once

#include <cstdint>

#include "common/attention.hpp"

namespace lf {

struct CrossAttentionShape {
    int64_t batch, heads, head_dim, queries, keys;
};

using CrossAttentionForward = AttentionForward<CrossAttentionShape>;
using CrossAttentionBackward = AttentionBackward<CrossAttentionShape>;

}  // namespace lf
