// The operand layouts of the bfloat16 tile products (products.hpp), packed with AVX-512 from
// heads-last bfloat16 token rows: rows zero-padded to whole tiles; the dword transpose (a VNNI B
// operand whose reduction runs along the source rows' own dimension, e.g. Q^T for K Q^T); the
// pair interleave of consecutive rows (a VNNI B operand whose reduction runs over the source
// rows, e.g. V for P V); and both together, a 16-bit transpose (an A operand X^T). avx512bf16 and
// amx builds only.
#pragma once

#include <cstdint>

#include "common/tensor_views.hpp"
#include "cpu/bf16/intrinsics.hpp"
#include "cpu/simd/elements.hpp"

namespace lf::cpu::LF_ISA_NAMESPACE::bf16 {

inline int64_t round_up(int64_t n, int64_t multiple) { return (n + multiple - 1) / multiple * multiple; }

// What of a product's padded extent (gemm in products.hpp) holds data: C rows [0, rows) are the
// ones the caller reads (the rest is padding it ignores), and reduction pair rows [0, pairs) the
// ones that may be non-zero (the packers leave zeros past them in both operands). AMX tiles
// compute the whole padded extent anyway; the dot products skip the rest.
struct Extent {
    int64_t rows, pairs;
};

// Lanes [0, n) of a 32-lane mask (n clamped to [0, 32]).
inline __mmask32 first_lanes32(int64_t n) {
    return n >= 32 ? 0xffffffffu : n <= 0 ? 0u : static_cast<__mmask32>((1u << n) - 1u);
}
inline __mmask16 first_lanes16(int64_t n) {
    return n >= 16 ? static_cast<__mmask16>(0xffff) : n <= 0 ? static_cast<__mmask16>(0)
                                                              : static_cast<__mmask16>((1u << n) - 1u);
}

// dst [rows_pad x ld] (ld a multiple of 32): row j < count is x[b, tokens[j], h, 0:D], then zeros;
// rows count..rows_pad are zeros. With next_head >= 0 it also asks L2 for the rows of head
// next_head (a heads-last tensor keeps each head's 128 bytes of a token on lines of their own, so
// every tile's gathers would otherwise wait on memory): spread over the copy, the prefetches
// arrive while this tile computes.
inline void pack_rows(const TokensView<const bfloat16>& x, int64_t b, int64_t h, const int64_t* tokens, int64_t count,
                      int64_t rows_pad, int64_t D, int64_t ld, bfloat16* dst, int64_t next_head) {
    const int64_t ds = x.d_stride();
    for (int64_t j = 0; j < rows_pad; ++j) {
        bfloat16* out = dst + j * ld;
        if (j >= count) {
            for (int64_t d = 0; d < ld; d += 32) _mm512_storeu_si512(out + d, _mm512_setzero_si512());
        } else if (ds == 1) {
            const bfloat16* src = x.row(b, tokens[j], h);
            if (next_head >= 0) {
                const char* next = reinterpret_cast<const char*>(x.row(b, tokens[j], next_head));
                for (int64_t byte = 0; byte < 2 * D; byte += 64) _mm_prefetch(next + byte, _MM_HINT_T1);
            }
            for (int64_t d = 0; d < ld; d += 32)
                _mm512_storeu_si512(out + d, _mm512_maskz_loadu_epi16(first_lanes32(D - d), src + d));
        } else {
            const bfloat16* src = x.row(b, tokens[j], h);
            for (int64_t d = 0; d < ld; ++d) out[d] = d < D ? src[d * ds] : bfloat16{0};
        }
    }
}

// In place: r[i] lane j <- r[j] lane i, for 16 vectors of 16 32-bit lanes.
inline void transpose16(__m512 r[16]) {
    __m512 t[16];
    for (int i = 0; i < 8; ++i) {
        t[2 * i] = _mm512_unpacklo_ps(r[2 * i], r[2 * i + 1]);
        t[2 * i + 1] = _mm512_unpackhi_ps(r[2 * i], r[2 * i + 1]);
    }
    for (int i = 0; i < 4; ++i) {
        r[4 * i + 0] = _mm512_shuffle_ps(t[4 * i + 0], t[4 * i + 2], _MM_SHUFFLE(1, 0, 1, 0));
        r[4 * i + 1] = _mm512_shuffle_ps(t[4 * i + 0], t[4 * i + 2], _MM_SHUFFLE(3, 2, 3, 2));
        r[4 * i + 2] = _mm512_shuffle_ps(t[4 * i + 1], t[4 * i + 3], _MM_SHUFFLE(1, 0, 1, 0));
        r[4 * i + 3] = _mm512_shuffle_ps(t[4 * i + 1], t[4 * i + 3], _MM_SHUFFLE(3, 2, 3, 2));
    }
    for (int i = 0; i < 2; ++i)
        for (int j = 0; j < 4; ++j) {
            t[8 * i + j] = _mm512_shuffle_f32x4(r[8 * i + j], r[8 * i + 4 + j], 0x88);
            t[8 * i + 4 + j] = _mm512_shuffle_f32x4(r[8 * i + j], r[8 * i + 4 + j], 0xdd);
        }
    for (int j = 0; j < 8; ++j) {
        r[j] = _mm512_shuffle_f32x4(t[j], t[8 + j], 0x88);
        r[8 + j] = _mm512_shuffle_f32x4(t[j], t[8 + j], 0xdd);
    }
}

// dst[c][r] = src[r][c] for 32-bit elements; rows and cols multiples of 16; lds, ldd in dwords.
inline void transpose_dwords(const uint32_t* src, int64_t rows, int64_t cols, int64_t lds, uint32_t* dst, int64_t ldd) {
    for (int64_t r0 = 0; r0 < rows; r0 += 16)
        for (int64_t c0 = 0; c0 < cols; c0 += 16) {
            __m512 r[16];
            for (int i = 0; i < 16; ++i) r[i] = _mm512_loadu_ps(src + (r0 + i) * lds + c0);
            transpose16(r);
            for (int i = 0; i < 16; ++i) _mm512_storeu_ps(dst + (c0 + i) * ldd + r0, r[i]);
        }
}

// Word indices that interleave the low 16 words of two vectors (a: 0-31, b: 32-63) and their
// high 16 words: (a0, b0, a1, b1, ...).
constexpr uint16_t kInterleaveLow[32] = {0, 32, 1, 33, 2, 34, 3, 35, 4, 36, 5, 37, 6, 38, 7, 39,
                                         8, 40, 9, 41, 10, 42, 11, 43, 12, 44, 13, 45, 14, 46, 15, 47};
constexpr uint16_t kInterleaveHigh[32] = {16, 48, 17, 49, 18, 50, 19, 51, 20, 52, 21, 53, 22, 54, 23, 55,
                                          24, 56, 25, 57, 26, 58, 27, 59, 28, 60, 29, 61, 30, 62, 31, 63};
// The same within one vector: low half with high half, (w0, w16, w1, w17, ...).
constexpr uint16_t kInterleaveHalves[32] = {0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23,
                                            8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31};

// dst[m][c] = (src[2m][c], src[2m+1][c]) as one dword: src [rows x cols] (rows even, cols a
// multiple of 32, lds elements per row), dst [rows / 2 x cols] (ldd dwords per row).
inline void interleave_row_pairs(const bfloat16* src, int64_t rows, int64_t cols, int64_t lds, uint32_t* dst,
                                 int64_t ldd) {
    const __m512i low = _mm512_loadu_si512(kInterleaveLow), high = _mm512_loadu_si512(kInterleaveHigh);
    for (int64_t m = 0; m < rows / 2; ++m) {
        const bfloat16* even = src + 2 * m * lds;
        const bfloat16* odd = even + lds;
        for (int64_t c = 0; c < cols; c += 32) {
            const __m512i a = _mm512_loadu_si512(even + c), b = _mm512_loadu_si512(odd + c);
            _mm512_storeu_si512(dst + m * ldd + c, _mm512_permutex2var_epi16(a, low, b));
            _mm512_storeu_si512(dst + m * ldd + c + 16, _mm512_permutex2var_epi16(a, high, b));
        }
    }
}

// 16 floats rounded to bfloat16 (nearest even; denormals flushed), as 16 words.
inline __m256i to_bf16(__m512 x) { return __builtin_bit_cast(__m256i, _mm512_cvtneps_pbh(x)); }
// Two rows of 16 floats rounded to bfloat16: e0's words low, e1's high.
inline __m512i to_bf16(__m512 e0, __m512 e1) { return __builtin_bit_cast(__m512i, _mm512_cvtne2ps_pbh(e1, e0)); }
// (e0[q], e1[q]) for q < 16 as 16 dwords: the pair row of a B operand whose reduction runs over
// the two rows e0, e1 (both = to_bf16(e0, e1)).
inline __m512i pair_row(__m512i both) { return _mm512_permutexvar_epi16(_mm512_loadu_si512(kInterleaveHalves), both); }

}  // namespace lf::cpu::LF_ISA_NAMESPACE::bf16
