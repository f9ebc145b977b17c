// One bfloat16 attention tile on the CPU's bfloat16 dot products (the avx512bf16 and amx builds):
// the same task as tile.hpp's forward and backward (queries of one (batch, head) over keys whose
// rows a TileRows names), with every matrix product in bf16::gemm (bfloat16 operands, float32
// accumulation: vdpbf16ps or AMX tiles, cpu/bf16/products.hpp) and the softmax in AVX-512
// float32. Each product runs over the whole tile at once (the AMX product keeps 2 x 2 C tiles
// and stores each once), so vector code never waits on a tile it has just stored.
//
// Forward, query-major: S = Q K^T; P = softmax rows (their statistics gathered into vector lanes
// by one 16 x 16 transpose per 16 rows), written as bfloat16 rows, which are the A operand of
// O = P V; O rows scaled by 1/sum on store. No operand needs more than K's dword transpose.
// Backward, key-major: S^T = K Q^T and dP^T = V dO^T (rows = keys, 16 queries per vector), so the
// per-query lse and delta are lanes; P^T = exp(S^T - lse), delta = sum_keys P dP; dS^T =
// scale P^T (dP^T - delta); then dV = P^T dO and dK = dS^T Q take P^T and dS^T rows as A
// operands as they are, and dQ = dS K takes dS^T's key pairs transposed (one dword transpose).
// P and dS are rounded to bfloat16 before their products, as LibTorch's CPU flash attention
// does with P. Include only from the avx512bf16 and amx builds (products.hpp checks).
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "cpu/bf16/intrinsics.hpp"
#include "cpu/bf16/layouts.hpp"
#include "cpu/bf16/products.hpp"
#include "cpu/bf16/vector_math.hpp"
#include "cpu/attention/tile.hpp"

namespace lf::cpu::LF_ISA_NAMESPACE::attention {

// A tile's sizes padded for the tile products: rows and columns of C to 16, reductions to 32
// (Dp for the head dim).
struct Bf16TileShape {
    int64_t L, Lk, D;
    int64_t L16, L32, Lk16, Lk32, D16, Dp;

    Bf16TileShape(int64_t queries, int64_t keys, int64_t head_dim)
        : L(queries),
          Lk(keys),
          D(head_dim),
          L16(bf16::round_up(queries, 16)),
          L32(bf16::round_up(queries, 32)),
          Lk16(bf16::round_up(keys, 16)),
          Lk32(bf16::round_up(keys, 32)),
          D16(bf16::round_up(head_dim, 16)),
          Dp(bf16::round_up(head_dim, 32)) {}

    int64_t gradient_stride() const { return D16; }  // floats per row of KeyGradients
    // Pair rows of the products' reductions that hold data (bf16::Extent): over the head dim, the
    // keys, the queries.
    int64_t d_pairs() const { return (D + 1) / 2; }
    int64_t key_pairs() const { return (Lk + 1) / 2; }
    int64_t query_pairs() const { return (L + 1) / 2; }
    // Scratch floats (one bfloat16 = half a float, one dword = one float).
    size_t forward_floats() const {
        return half(L16 * Dp) + half(Lk16 * Dp) + Arena::padded(Dp / 2 * Lk16) + half(Lk32 * Dp) +
               Arena::padded(Lk32 / 2 * Dp) + Arena::padded(L16 * Lk16) + half(L16 * Lk32) + Arena::padded(L16 * D16) +
               Arena::padded(L16);
    }
    size_t backward_floats() const {
        return half(Lk32 * Dp) + half(Lk16 * Dp) + 2 * half(L32 * Dp) + 2 * Arena::padded(Dp / 2 * L16) +
               2 * Arena::padded(L32 / 2 * Dp) + Arena::padded(Lk32 / 2 * Dp) + 2 * Arena::padded(Lk16 * L16) +
               2 * half(Lk16 * L32) + 2 * Arena::padded(Lk32 / 2 * L16) + 2 * Arena::padded(Lk16 * D16) +
               Arena::padded(L16 * D16);
    }

private:
    static size_t half(int64_t bf16_elements) { return Arena::padded(static_cast<size_t>(bf16_elements + 1) / 2); }
};

namespace bf16_detail {

constexpr float kLog2e = 1.44269504088896341f, kLn2 = 0.693147180559945309f;

inline bfloat16* take_bf16(Arena& arena, int64_t elements) {
    return reinterpret_cast<bfloat16*>(arena.take(static_cast<size_t>(elements + 1) / 2));
}
inline uint32_t* take_dwords(Arena& arena, int64_t elements) {
    return reinterpret_cast<uint32_t*>(arena.take(static_cast<size_t>(elements)));
}

// The softmax of the 16 query rows s[i * ld], i < 16, over keys j < Lk (unscaled q.k): with
// m_i = max_j s_ij c (c = scale log2 e) and e_ij = 2^(s_ij c - m_i), writes the rows rounded to
// bfloat16 to p[i * ldp] (Lk32 columns, zeros past Lk) and returns the lanes i of m and of
// sum_j e_ij. The row statistics are gathered into lanes by transposing the 16 rows' partial
// vectors: one transpose instead of 16 horizontal reductions.
inline void softmax_rows(const float* s, int64_t ld, int64_t Lk, int64_t Lk32, float c, bfloat16* p, int64_t ldp,
                         __m512* max_out, __m512* sum_out) {
    const __m512 vc = _mm512_set1_ps(c), minus_inf = _mm512_set1_ps(-INFINITY);
    const int64_t full = Lk / 16 * 16, full_pairs = Lk / 32 * 32;
    const __mmask16 tail = bf16::first_lanes16(Lk - full);
    // max_j s_ij c is c max_j s_ij, or c min_j s_ij for a negative scale.
    const auto extreme = [&](__m512 a, __m512 b) { return c >= 0 ? _mm512_max_ps(a, b) : _mm512_min_ps(a, b); };
    const __m512 start = c >= 0 ? minus_inf : _mm512_set1_ps(INFINITY);
    __m512 part[16];
    for (int i = 0; i < 16; ++i) {
        const float* row = s + i * ld;
        __m512 m0 = start, m1 = start;
        int64_t j = 0;
        for (; j + 32 <= full; j += 32) {
            m0 = extreme(m0, _mm512_loadu_ps(row + j));
            m1 = extreme(m1, _mm512_loadu_ps(row + j + 16));
        }
        if (j < full) m0 = extreme(m0, _mm512_loadu_ps(row + j));
        if (tail != 0) m1 = _mm512_mask_mov_ps(m1, tail, extreme(m1, _mm512_loadu_ps(row + full)));
        part[i] = extreme(m0, m1);
    }
    bf16::transpose16(part);
    __m512 max = part[0];
    for (int i = 1; i < 16; ++i) max = extreme(max, part[i]);
    max = _mm512_mul_ps(max, vc);
    alignas(64) float row_max[16];
    _mm512_store_ps(row_max, max);
    for (int i = 0; i < 16; ++i) {
        const float* row = s + i * ld;
        bfloat16* out = p + i * ldp;
        const __m512 m = _mm512_set1_ps(row_max[i]);
        __m512 s0 = _mm512_setzero_ps(), s1 = s0;
        int64_t j = 0;
        for (; j < full_pairs; j += 32) {
            const __m512 e0 = bf16::exp2(_mm512_fmsub_ps(_mm512_loadu_ps(row + j), vc, m));
            const __m512 e1 = bf16::exp2(_mm512_fmsub_ps(_mm512_loadu_ps(row + j + 16), vc, m));
            _mm512_storeu_si512(out + j, bf16::to_bf16(e0, e1));
            s0 = _mm512_add_ps(s0, e0);
            s1 = _mm512_add_ps(s1, e1);
        }
        for (; j < Lk32; j += 32) {  // the last keys, then zeros
            const __mmask16 k0 = bf16::first_lanes16(Lk - j), k1 = bf16::first_lanes16(Lk - j - 16);
            const __m512 x0 = _mm512_fmsub_ps(_mm512_maskz_loadu_ps(k0, row + j), vc, m);
            const __m512 x1 = _mm512_fmsub_ps(_mm512_maskz_loadu_ps(k1, row + j + 16), vc, m);
            const __m512 e0 = _mm512_maskz_mov_ps(k0, bf16::exp2(x0)), e1 = _mm512_maskz_mov_ps(k1, bf16::exp2(x1));
            _mm512_storeu_si512(out + j, bf16::to_bf16(e0, e1));
            s0 = _mm512_add_ps(s0, e0);
            s1 = _mm512_add_ps(s1, e1);
        }
        part[i] = _mm512_add_ps(s0, s1);
    }
    bf16::transpose16(part);
    __m512 sum = part[0];
    for (int i = 1; i < 16; ++i) sum = _mm512_add_ps(sum, part[i]);
    *max_out = max;
    *sum_out = sum;
}

// The lse of 16 queries q0.. (lanes; rows past L: +inf, so that their weights vanish) times
// log2 e.
inline __m512 lse_lanes(const float* lse, const TileRows& rows, int64_t q0) {
    alignas(64) float lanes[16];
    for (int64_t i = 0; i < 16; ++i)
        lanes[i] = q0 + i < rows.queries ? lse[rows.query_tokens[q0 + i] - rows.lse_origin] * kLog2e : INFINITY;
    return _mm512_load_ps(lanes);
}

}  // namespace bf16_detail

// Forward of one tile: out rows = softmax(scale q k^T) v (bfloat16), lse per query.
inline void forward(const TokensView<const bfloat16>& q, const TokensView<const bfloat16>& k,
                        const TokensView<const bfloat16>& v, const TokensView<bfloat16>& out, float* lse, int64_t b,
                        int64_t h, float scale, const TileRows& rows, const Bf16TileShape& t, float* scratch) {
    using namespace bf16_detail;
    Arena arena(scratch);
    bfloat16* q_rows = take_bf16(arena, t.L16 * t.Dp);  // A of S
    bfloat16* k_rows = take_bf16(arena, t.Lk16 * t.Dp);
    uint32_t* k_t = take_dwords(arena, t.Dp / 2 * t.Lk16);  // B of S: K^T in VNNI
    bfloat16* v_rows = take_bf16(arena, t.Lk32 * t.Dp);
    uint32_t* v_pairs = take_dwords(arena, t.Lk32 / 2 * t.Dp);  // B of O: V in VNNI
    float* s_tile = arena.take(static_cast<size_t>(t.L16 * t.Lk16));
    bfloat16* p_rows = take_bf16(arena, t.L16 * t.Lk32);  // A of O: P
    float* o_tile = arena.take(static_cast<size_t>(t.L16 * t.D16));
    float* inv_sum = arena.take(static_cast<size_t>(t.L16));

    bf16::pack_rows(q, b, h, rows.query_tokens, t.L, t.L16, t.D, t.Dp, q_rows, rows.next_head);
    bf16::pack_rows(k, b, h, rows.key_tokens, t.Lk, t.Lk16, t.D, t.Dp, k_rows, rows.next_head);
    bf16::transpose_dwords(reinterpret_cast<const uint32_t*>(k_rows), t.Lk16, t.Dp / 2, t.Dp / 2, k_t, t.Lk16);
    bf16::pack_rows(v, b, h, rows.key_tokens, t.Lk, t.Lk32, t.D, t.Dp, v_rows, rows.next_head);
    bf16::interleave_row_pairs(v_rows, t.Lk32, t.Dp, t.Dp, v_pairs, t.Dp);

    bf16::gemm(t.L16 / 16, t.Lk16 / 16, t.Dp / 32, q_rows, t.Dp, k_t, t.Lk16, s_tile, t.Lk16, {t.L, t.d_pairs()});
    for (int64_t q0 = 0; q0 < t.L16; q0 += 16) {
        __m512 max, sum;
        softmax_rows(s_tile + q0 * t.Lk16, t.Lk16, t.Lk, t.Lk32, scale * kLog2e, p_rows + q0 * t.Lk32, t.Lk32, &max,
                     &sum);
        alignas(64) float lanes[16];
        _mm512_store_ps(lanes, _mm512_fmadd_ps(max, _mm512_set1_ps(kLn2), bf16::log(sum)));
        _mm512_storeu_ps(inv_sum + q0, _mm512_div_ps(_mm512_set1_ps(1.0f), sum));
        for (int64_t i = 0; i < 16 && q0 + i < t.L; ++i) lse[rows.query_tokens[q0 + i] - rows.lse_origin] = lanes[i];
    }
    bf16::gemm(t.L16 / 16, t.D16 / 16, t.Lk32 / 32, p_rows, t.Lk32, v_pairs, t.Dp, o_tile, t.D16, {t.L, t.key_pairs()});
    for (int64_t i = 0; i < t.L; ++i)
        store_row(out, b, rows.query_tokens[i], h, t.D, inv_sum[i], o_tile + i * t.D16);
}

// Backward of one tile: writes dq rows; returns dK and dV of the tile's keys ([Lk x D16] floats
// each), like tile.hpp's backward.
inline KeyGradients backward(const TokensView<const bfloat16>& q, const TokensView<const bfloat16>& k,
                                 const TokensView<const bfloat16>& v, const float* lse,
                                 const TokensView<const bfloat16>& d_out, const TokensView<bfloat16>& d_q, int64_t b,
                                 int64_t h, float scale, const TileRows& rows, const Bf16TileShape& t, float* scratch) {
    using namespace bf16_detail;
    Arena arena(scratch);
    bfloat16* k_rows = take_bf16(arena, t.Lk32 * t.Dp);  // A of S^T (first Lk16 rows)
    bfloat16* v_rows = take_bf16(arena, t.Lk16 * t.Dp);  // A of dP^T
    bfloat16* q_rows = take_bf16(arena, t.L32 * t.Dp);
    bfloat16* d_o_rows = take_bf16(arena, t.L32 * t.Dp);
    uint32_t* q_t = take_dwords(arena, t.Dp / 2 * t.L16);    // B of S^T
    uint32_t* d_o_t = take_dwords(arena, t.Dp / 2 * t.L16);  // B of dP^T
    uint32_t* q_pairs = take_dwords(arena, t.L32 / 2 * t.Dp);    // B of dK
    uint32_t* d_o_pairs = take_dwords(arena, t.L32 / 2 * t.Dp);  // B of dV
    uint32_t* k_pairs = take_dwords(arena, t.Lk32 / 2 * t.Dp);  // B of dQ: K in VNNI
    float* p_t = arena.take(static_cast<size_t>(t.Lk16 * t.L16));   // S^T, then P^T
    float* dp_t = arena.take(static_cast<size_t>(t.Lk16 * t.L16));  // dP^T
    bfloat16* p_rows = take_bf16(arena, t.Lk16 * t.L32);   // A of dV: P^T
    bfloat16* ds_rows = take_bf16(arena, t.Lk16 * t.L32);  // A of dK: dS^T
    uint32_t* ds_pairs = take_dwords(arena, t.Lk32 / 2 * t.L16);  // dS^T's key pairs
    uint32_t* ds_q = take_dwords(arena, t.L16 * t.Lk32 / 2);  // A of dQ: dS [L16 x Lk32] bf16
    float* d_v_tile = arena.take(static_cast<size_t>(t.Lk16 * t.D16));
    float* d_k_tile = arena.take(static_cast<size_t>(t.Lk16 * t.D16));
    float* d_q_tile = arena.take(static_cast<size_t>(t.L16 * t.D16));

    bf16::pack_rows(k, b, h, rows.key_tokens, t.Lk, t.Lk32, t.D, t.Dp, k_rows, rows.next_head);
    bf16::pack_rows(v, b, h, rows.key_tokens, t.Lk, t.Lk16, t.D, t.Dp, v_rows, rows.next_head);
    bf16::pack_rows(q, b, h, rows.query_tokens, t.L, t.L32, t.D, t.Dp, q_rows, rows.next_head);
    bf16::pack_rows(d_out, b, h, rows.query_tokens, t.L, t.L32, t.D, t.Dp, d_o_rows, rows.next_head);
    bf16::transpose_dwords(reinterpret_cast<const uint32_t*>(q_rows), t.L16, t.Dp / 2, t.Dp / 2, q_t, t.L16);
    bf16::transpose_dwords(reinterpret_cast<const uint32_t*>(d_o_rows), t.L16, t.Dp / 2, t.Dp / 2, d_o_t, t.L16);
    bf16::interleave_row_pairs(q_rows, t.L32, t.Dp, t.Dp, q_pairs, t.Dp);
    bf16::interleave_row_pairs(d_o_rows, t.L32, t.Dp, t.Dp, d_o_pairs, t.Dp);
    bf16::interleave_row_pairs(k_rows, t.Lk32, t.Dp, t.Dp, k_pairs, t.Dp);

    bf16::gemm(t.Lk16 / 16, t.L16 / 16, t.Dp / 32, k_rows, t.Dp, q_t, t.L16, p_t, t.L16, {t.Lk, t.d_pairs()});
    bf16::gemm(t.Lk16 / 16, t.L16 / 16, t.Dp / 32, v_rows, t.Dp, d_o_t, t.L16, dp_t, t.L16, {t.Lk, t.d_pairs()});

    const __m512 vc = _mm512_set1_ps(scale * kLog2e), vscale = _mm512_set1_ps(scale);
    const __m256i zero_words = _mm256_setzero_si256();
    for (int64_t q0 = 0; q0 < t.L16; q0 += 16) {
        // P^T = 2^(S^T c - lse log2 e), delta = sum over keys of P dP (lanes = queries).
        const __m512 lse2 = lse_lanes(lse, rows, q0);
        __m512 delta = _mm512_setzero_ps();
        for (int64_t j = 0; j < t.Lk; ++j) {
            float* pj = p_t + j * t.L16 + q0;
            const __m512 p = bf16::exp2(_mm512_fmsub_ps(_mm512_loadu_ps(pj), vc, lse2));
            _mm512_storeu_ps(pj, p);
            delta = _mm512_fmadd_ps(p, _mm512_loadu_ps(dp_t + j * t.L16 + q0), delta);
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(p_rows + j * t.L32 + q0), bf16::to_bf16(p));
        }
        for (int64_t j = t.Lk; j < t.Lk16; ++j)
            _mm256_storeu_si256(reinterpret_cast<__m256i*>(p_rows + j * t.L32 + q0), zero_words);
        // dS^T = scale P^T (dP^T - delta), as A rows and as key pairs (zeros past Lk).
        for (int64_t i = 0; i < t.Lk32 / 2; ++i) {
            const int64_t j0 = 2 * i, j1 = j0 + 1;
            const auto d_score = [&](int64_t j) {
                if (j >= t.Lk) return _mm512_setzero_ps();
                const __m512 p = _mm512_loadu_ps(p_t + j * t.L16 + q0);
                return _mm512_mul_ps(_mm512_mul_ps(p, _mm512_sub_ps(_mm512_loadu_ps(dp_t + j * t.L16 + q0), delta)),
                                     vscale);
            };
            const __m512i both = bf16::to_bf16(d_score(j0), d_score(j1));
            _mm512_storeu_si512(ds_pairs + i * t.L16 + q0, bf16::pair_row(both));
            if (j0 < t.Lk16) {
                _mm256_storeu_si256(reinterpret_cast<__m256i*>(ds_rows + j0 * t.L32 + q0),
                                    _mm512_castsi512_si256(both));
                _mm256_storeu_si256(reinterpret_cast<__m256i*>(ds_rows + j1 * t.L32 + q0),
                                    _mm512_extracti64x4_epi64(both, 1));
            }
        }
    }
    for (int64_t j = 0; j < t.Lk16 && t.L32 > t.L16; ++j) {  // the reduction padding of dV's and dK's A
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(p_rows + j * t.L32 + t.L16), zero_words);
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(ds_rows + j * t.L32 + t.L16), zero_words);
    }

    const bf16::Extent key_rows{t.Lk, t.query_pairs()};
    bf16::gemm(t.Lk16 / 16, t.D16 / 16, t.L32 / 32, p_rows, t.L32, d_o_pairs, t.Dp, d_v_tile, t.D16, key_rows);
    bf16::gemm(t.Lk16 / 16, t.D16 / 16, t.L32 / 32, ds_rows, t.L32, q_pairs, t.Dp, d_k_tile, t.D16, key_rows);
    bf16::transpose_dwords(ds_pairs, t.Lk32 / 2, t.L16, t.L16, ds_q, t.Lk32 / 2);
    bf16::gemm(t.L16 / 16, t.D16 / 16, t.Lk32 / 32, reinterpret_cast<const bfloat16*>(ds_q), t.Lk32, k_pairs, t.Dp,
               d_q_tile, t.D16, {t.L, t.key_pairs()});
    for (int64_t i = 0; i < t.L; ++i) store_row(d_q, b, rows.query_tokens[i], h, t.D, 1.0f, d_q_tile + i * t.D16);
    return {d_k_tile, d_v_tile};
}

}  // namespace lf::cpu::LF_ISA_NAMESPACE::attention
