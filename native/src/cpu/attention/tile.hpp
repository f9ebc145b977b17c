// One attention tile on the CPU: a set of query rows attending to a set of key rows of one
// (batch, head), computed from packed float32 copies with the register-blocked gemm. The
// tensors' element type E (float or bfloat16) is converted while packing and rounded on store. Window
// attention (a window plus the leading keys) and cross attention (a block of queries over every
// key) are both loops over tiles. Per-ISA header: include only from kernels compiled once per
// ISA; everything lives in the ISA's namespace and uses no standard-library templates (see
// simd/aligned_buffer.hpp).
#pragma once

#include <cmath>
#include <cstddef>
#include <new>

#include "cpu/simd/aligned_buffer.hpp"
#include "cpu/simd/elements.hpp"
#include "cpu/simd/gemm.hpp"
#include "common/tensor_views.hpp"

namespace lf::cpu::LF_ISA_NAMESPACE::attention {

using simd::StridedMatrix;
using simd::from_float;
using simd::to_float;

// The rows of one tile: token indices into q/out (queries) and into k/v (keys), where the
// softmax statistic of query token t lives (lse[t - lse_origin]), and the head whose rows of the
// same tokens this thread's next tile will read (-1: none known), for prefetching.
struct TileRows {
    const int64_t* query_tokens;
    int64_t queries;
    const int64_t* key_tokens;
    int64_t keys;
    int64_t lse_origin;
    int64_t next_head = -1;
};

// Sizes of a tile's packed operands: the vectorised dims are padded to whole vectors.
struct TileShape {
    int64_t Lq, Lk, Lk_pad, D, D_pad;

    TileShape(int64_t queries, int64_t keys, int64_t head_dim)
        : Lq(queries),
          Lk(keys),
          Lk_pad(simd::round_up_to_width(keys)),
          D(head_dim),
          D_pad(simd::round_up_to_width(head_dim)) {}

    int64_t gradient_stride() const { return D_pad; }  // floats per row of KeyGradients
    size_t forward_floats() const {
        return Arena::padded(Lq * D) + Arena::padded(D * Lk_pad) + Arena::padded(Lk * D_pad) +
               Arena::padded(Lq * Lk_pad) + Arena::padded(Lq * D_pad) + Arena::padded(Lq);
    }
    size_t backward_floats() const {
        return 3 * Arena::padded(Lq * D_pad) + 2 * Arena::padded(D * Lk_pad) + 3 * Arena::padded(Lk * D_pad) +
               2 * Arena::padded(Lq * Lk_pad);
    }
};

// dst[j][d] = scale * x[b, tokens[j], h, d] for j < rows, d < D; columns D..ld are zeroed.
template <typename E>
inline void pack_rows(const TokensView<const E>& x, int64_t b, int64_t h, const int64_t* tokens, int64_t rows,
                      int64_t D, int64_t ld, float scale, float* dst) {
    const int64_t ds = x.d_stride();
    for (int64_t j = 0; j < rows; ++j) {
        const E* src = x.row(b, tokens[j], h);
        float* out = dst + j * ld;
        int64_t d = 0;
        if (ds == 1) {
            for (; d + simd::kWidth <= D; d += simd::kWidth) simd::store(out + d, scale * simd::load_floats(src + d));
            for (; d < D; ++d) out[d] = scale * to_float(src[d]);
        } else {
            for (; d < D; ++d) out[d] = scale * to_float(src[d * ds]);
        }
        for (; d < ld; ++d) out[d] = 0.0f;
    }
}

// dst[d][j] = x[b, tokens[j], h, d] for j < cols; columns cols..ld are zeroed.
template <typename E>
inline void pack_columns(const TokensView<const E>& x, int64_t b, int64_t h, const int64_t* tokens, int64_t cols,
                         int64_t D, int64_t ld, float* dst) {
    const int64_t ds = x.d_stride();
    for (int64_t j = 0; j < cols; ++j) {
        const E* src = x.row(b, tokens[j], h);
        for (int64_t d = 0; d < D; ++d) dst[d * ld + j] = to_float(src[d * ds]);
    }
    for (int64_t d = 0; d < D; ++d)
        for (int64_t j = cols; j < ld; ++j) dst[d * ld + j] = 0.0f;
}

// x[b, token, h, :] = scale * src[:D], rounded to E
template <typename E>
inline void store_row(const TokensView<E>& x, int64_t b, int64_t token, int64_t h, int64_t D, float scale,
                      const float* src) {
    E* dst = x.row(b, token, h);
    const int64_t ds = x.d_stride();
    if (ds == 1) {
        int64_t d = 0;
        for (; d + simd::kWidth <= D; d += simd::kWidth) simd::store_floats(dst + d, scale * simd::load(src + d));
        for (; d < D; ++d) dst[d] = from_float<E>(scale * src[d]);
    } else {
        for (int64_t d = 0; d < D; ++d) dst[d * ds] = from_float<E>(scale * src[d]);
    }
}

// Turns a row of scores into unnormalised probabilities e^(s - max) in place (padding columns
// become 0) and returns {max, sum}.
struct RowStats {
    float max, sum;
};
inline RowStats exp_row_in_place(float* row, int64_t Lk, int64_t Lk_pad) {
    for (int64_t j = Lk; j < Lk_pad; ++j) row[j] = -INFINITY;
    simd::vf vmax = simd::splat(-INFINITY);
    for (int64_t j = 0; j < Lk_pad; j += simd::kWidth) {
        const simd::vf x = simd::load(row + j);
        vmax = x > vmax ? x : vmax;
    }
    const float max = simd::reduce_max(vmax);
    simd::vf vsum = simd::splat(0.0f);
    for (int64_t j = 0; j < Lk_pad; j += simd::kWidth) {
        const simd::vf e = simd::exp(simd::load(row + j) - max);
        simd::store(row + j, e);
        vsum += e;
    }
    return {max, simd::reduce_sum(vsum)};
}

// Forward of one tile: out rows = softmax(scale q k^T) v, lse per query.
template <typename E>
inline void forward(const TokensView<const E>& q, const TokensView<const E>& k, const TokensView<const E>& v,
                    const TokensView<E>& out, float* lse, int64_t b, int64_t h,
                    float scale, const TileRows& rows, const TileShape& t, float* scratch) {
    Arena arena(scratch);
    float* qs = arena.take(t.Lq * t.D);         // [Lq x D], pre-scaled
    float* k_t = arena.take(t.D * t.Lk_pad);    // [D x Lk_pad]
    float* vs = arena.take(t.Lk * t.D_pad);     // [Lk x D_pad]
    float* scores = arena.take(t.Lq * t.Lk_pad);
    float* o = arena.take(t.Lq * t.D_pad);
    float* inv_sum = arena.take(t.Lq);

    pack_rows(q, b, h, rows.query_tokens, t.Lq, t.D, t.D, scale, qs);
    pack_columns(k, b, h, rows.key_tokens, t.Lk, t.D, t.Lk_pad, k_t);
    pack_rows(v, b, h, rows.key_tokens, t.Lk, t.D, t.D_pad, 1.0f, vs);

    simd::gemm(t.Lq, t.Lk_pad, t.D, StridedMatrix{qs, t.D, 1}, k_t, t.Lk_pad, scores, t.Lk_pad);
    for (int64_t l = 0; l < t.Lq; ++l) {
        const RowStats r = exp_row_in_place(scores + l * t.Lk_pad, t.Lk, t.Lk_pad);
        inv_sum[l] = 1.0f / r.sum;
        lse[rows.query_tokens[l] - rows.lse_origin] = r.max + std::log(r.sum);
    }
    simd::gemm(t.Lq, t.D_pad, t.Lk, StridedMatrix{scores, t.Lk_pad, 1}, vs, t.D_pad, o, t.D_pad);
    for (int64_t l = 0; l < t.Lq; ++l) store_row(out, b, rows.query_tokens[l], h, t.D, inv_sum[l], o + l * t.D_pad);
}

// Where a backward tile leaves the key gradients: [Lk x D_pad] each, in the tile's scratch.
struct KeyGradients {
    const float* d_k;
    const float* d_v;
};

// Backward of one tile: writes dq rows; returns dK and dV of the tile's keys (the caller stores
// or accumulates them, since keys may be shared between tiles).
template <typename E>
inline KeyGradients backward(const TokensView<const E>& q, const TokensView<const E>& k, const TokensView<const E>& v,
                             const float* lse, const TokensView<const E>& d_out, const TokensView<E>& d_q, int64_t b, int64_t h,
                             float scale, const TileRows& rows, const TileShape& t, float* scratch) {
    Arena arena(scratch);
    float* qs = arena.take(t.Lq * t.D_pad);     // [Lq x D_pad], pre-scaled
    float* d_o = arena.take(t.Lq * t.D_pad);    // [Lq x D_pad]
    float* d_q_tile = arena.take(t.Lq * t.D_pad);
    float* k_t = arena.take(t.D * t.Lk_pad);    // [D x Lk_pad]
    float* v_t = arena.take(t.D * t.Lk_pad);    // [D x Lk_pad]
    float* ks = arena.take(t.Lk * t.D_pad);     // [Lk x D_pad]
    float* d_k_tile = arena.take(t.Lk * t.D_pad);
    float* d_v_tile = arena.take(t.Lk * t.D_pad);
    float* probs = arena.take(t.Lq * t.Lk_pad);
    float* d_scores = arena.take(t.Lq * t.Lk_pad);

    pack_rows(q, b, h, rows.query_tokens, t.Lq, t.D, t.D_pad, scale, qs);
    pack_rows(d_out, b, h, rows.query_tokens, t.Lq, t.D, t.D_pad, 1.0f, d_o);
    pack_rows(k, b, h, rows.key_tokens, t.Lk, t.D, t.D_pad, 1.0f, ks);
    pack_columns(k, b, h, rows.key_tokens, t.Lk, t.D, t.Lk_pad, k_t);
    pack_columns(v, b, h, rows.key_tokens, t.Lk, t.D, t.Lk_pad, v_t);

    // P = exp(scale q k^T - lse), dP = dO v^T, dS = P (dP - delta) with delta = sum_j P dP. The
    // tile holds whole rows of P, so delta comes from the tile itself (FlashAttention's dO . O
    // would read the forward's output again for the same value).
    simd::gemm(t.Lq, t.Lk_pad, t.D, StridedMatrix{qs, t.D_pad, 1}, k_t, t.Lk_pad, probs, t.Lk_pad);
    simd::gemm(t.Lq, t.Lk_pad, t.D, StridedMatrix{d_o, t.D_pad, 1}, v_t, t.Lk_pad, d_scores, t.Lk_pad);
    for (int64_t l = 0; l < t.Lq; ++l) {
        float* pr = probs + l * t.Lk_pad;
        float* ds = d_scores + l * t.Lk_pad;
        for (int64_t j = t.Lk; j < t.Lk_pad; ++j) pr[j] = -INFINITY;
        const float row_lse = lse[rows.query_tokens[l] - rows.lse_origin];
        simd::vf p_dot_dp = simd::splat(0.0f);
        for (int64_t j = 0; j < t.Lk_pad; j += simd::kWidth) {
            const simd::vf pj = simd::exp(simd::load(pr + j) - row_lse);
            simd::store(pr + j, pj);
            p_dot_dp += pj * simd::load(ds + j);
        }
        const float delta = simd::reduce_sum(p_dot_dp);
        for (int64_t j = 0; j < t.Lk_pad; j += simd::kWidth)
            simd::store(ds + j, simd::load(pr + j) * (simd::load(ds + j) - delta));
    }

    // dQ = scale dS k;  dV = P^T dO;  dK = dS^T (scale q)
    simd::gemm(t.Lq, t.D_pad, t.Lk, StridedMatrix{d_scores, t.Lk_pad, 1}, ks, t.D_pad, d_q_tile, t.D_pad);
    for (int64_t l = 0; l < t.Lq; ++l)
        store_row(d_q, b, rows.query_tokens[l], h, t.D, scale, d_q_tile + l * t.D_pad);
    simd::gemm(t.Lk, t.D_pad, t.Lq, StridedMatrix{probs, 1, t.Lk_pad}, d_o, t.D_pad, d_v_tile, t.D_pad);
    simd::gemm(t.Lk, t.D_pad, t.Lq, StridedMatrix{d_scores, 1, t.Lk_pad}, qs, t.D_pad, d_k_tile, t.D_pad);
    return {d_k_tile, d_v_tile};
}

// What a thread of for_each_task sets up around its tasks: nothing (the AMX build's tile
// configuration is another Scope).
struct NoThreadScope {};

// Runs body(task, scratch, tokens) for task in [0, tasks) on the OpenMP team; each thread owns
// `scratch_floats` floats and room for `token_slots` int64 token indices, and holds a Scope
// while it runs tasks. Allocation failures surface as std::bad_alloc on the calling thread,
// never inside the parallel region.
template <typename Scope = NoThreadScope, typename Body>
void for_each_task(int64_t tasks, int64_t token_slots, size_t scratch_floats, Body&& body) {
    const size_t token_floats = Arena::padded(2 * static_cast<size_t>(token_slots));  // an int64 is 2 floats
    int out_of_memory = 0;
#pragma omp parallel reduction(| : out_of_memory)
    {
        const AlignedBuffer scratch(token_floats + scratch_floats);
        out_of_memory |= scratch.ok() ? 0 : 1;
        int64_t* tokens = reinterpret_cast<int64_t*>(scratch.data());
        [[maybe_unused]] const Scope scope;
#pragma omp for schedule(dynamic, 4)
        for (int64_t task = 0; task < tasks; ++task) {
            if (scratch.ok()) body(task, scratch.data() + token_floats, tokens);
        }
    }
    if (out_of_memory) throw std::bad_alloc();
}

// Sets rows [0, count) of x to zero for every batch and head (the rows that are not queries).
template <typename E>
inline void zero_leading_rows(const TokensView<E>& x, int64_t batch, int64_t count, int64_t heads,
                              int64_t head_dim) {
    if (count == 0) return;
#pragma omp parallel for collapse(2) schedule(static)
    for (int64_t b = 0; b < batch; ++b)
        for (int64_t t = 0; t < count; ++t)
            for (int64_t h = 0; h < heads; ++h) {
                E* dst = x.row(b, t, h);
                for (int64_t d = 0; d < head_dim; ++d) dst[d * x.d_stride()] = from_float<E>(0.0f);
            }
}

// Gradients of keys shared between tiles. partials: [batch * heads][members][rows][D_pad], one
// slice per tile (member) of a (b, h); sums each (b, h)'s slices in member order, so the result
// does not depend on thread timing, and stores row r of the sum to x[b, r, h] (rounded to E).
template <typename E>
inline void reduce_key_partials(const float* partials, int64_t batch, int64_t heads, int64_t members, int64_t rows,
                                int64_t D, int64_t D_pad, const TokensView<E>& x) {
    constexpr int64_t kChunk = 64;  // D is summed in chunks on the stack
#pragma omp parallel for schedule(static)
    for (int64_t group = 0; group < batch * heads; ++group) {
        const int64_t b = group / heads, h = group % heads;
        for (int64_t r = 0; r < rows; ++r) {
            float sum[kChunk];
            for (int64_t d0 = 0; d0 < D; d0 += kChunk) {
                const int64_t width = D - d0 < kChunk ? D - d0 : kChunk;
                for (int64_t d = 0; d < width; ++d) sum[d] = 0.0f;
                for (int64_t m = 0; m < members; ++m) {
                    const float* slice = partials + ((group * members + m) * rows + r) * D_pad + d0;
                    for (int64_t d = 0; d < width; ++d) sum[d] += slice[d];
                }
                E* dst = x.row(b, r, h) + d0 * x.d_stride();
                for (int64_t d = 0; d < width; ++d) dst[d * x.d_stride()] = from_float<E>(sum[d]);
            }
        }
    }
}

}  // namespace lf::cpu::LF_ISA_NAMESPACE::attention
