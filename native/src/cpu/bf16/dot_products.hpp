// The avx512bf16 build's matrix product for the bfloat16 attention tile (attention/bf16_tile.hpp):
// the same contract as amx_tiles.hpp's gemm,
//   C[16 mb x 16 nb] (float32, = not +=) = A[16 mb x 32 ks] (bfloat16) * B[32 ks x 16 nb] (bfloat16)
// with B in the VNNI layout (B[k][n] at dword (k / 2, n), half k % 2), computed with AVX512-BF16's
// vdpbf16ps, which reads exactly that layout: each instruction adds, in 16 float32 lanes, the
// products of one broadcast pair of A (A[i][2p], A[i][2p + 1]) with the pair row p of B. Products
// of two bfloat16 are exact in float32; the sums round like float32 additions (denormals flushed),
// as the tiles' do. For CPUs with AVX512-BF16 but no AMX (AMD Zen 4 and later, Intel Cooper Lake).
#pragma once

#include <cstdint>

#include "cpu/bf16/intrinsics.hpp"
#include "cpu/bf16/layouts.hpp"
#include "cpu/simd/elements.hpp"

#if !defined(__AVX512BF16__) || defined(__AMX_BF16__)
#error "cpu/bf16/dot_products.hpp belongs to the avx512bf16 build"
#endif

namespace lf::cpu::LF_ISA_NAMESPACE::bf16 {

// Nothing to set up per thread (the amx build's TileScope configures its tiles).
struct TileScope {};

// Rows x (NV vectors of 16 columns) of C over `pairs` pair rows of the reduction, in registers:
// 8 x 2 keeps 16 accumulators, enough independent sums to cover the instruction's latency.
// lda: bfloat16 elements per A row (even); ldb: dwords per B pair row; ldc: floats per C row.
template <int Rows, int NV>
inline void gemm_block(int64_t pairs, const bfloat16* a, int64_t lda, const uint32_t* b, int64_t ldb, float* c,
                       int64_t ldc) {
    __m512 acc[Rows][NV];
    for (int i = 0; i < Rows; ++i)
        for (int j = 0; j < NV; ++j) acc[i][j] = _mm512_setzero_ps();
    const uint32_t* a_pairs = reinterpret_cast<const uint32_t*>(a);
    const int64_t a_stride = lda / 2;
    for (int64_t p = 0; p < pairs; ++p) {
        __m512bh bv[NV];
        for (int j = 0; j < NV; ++j) bv[j] = reinterpret_cast<__m512bh>(_mm512_loadu_si512(b + p * ldb + 16 * j));
        for (int i = 0; i < Rows; ++i) {
            const __m512bh av =
                reinterpret_cast<__m512bh>(_mm512_set1_epi32(static_cast<int>(a_pairs[i * a_stride + p])));
            for (int j = 0; j < NV; ++j) acc[i][j] = _mm512_dpbf16_ps(acc[i][j], av, bv[j]);
        }
    }
    for (int i = 0; i < Rows; ++i)
        for (int j = 0; j < NV; ++j) _mm512_storeu_ps(c + i * ldc + 16 * j, acc[i][j]);
}

// C = A * B over mb x nb 16 x 16 blocks of C and ks reduction steps of 32 (see the top comment),
// computing only the rows and pairs `used` names (layouts.hpp): a 2x7x7 window's tile (98 queries,
// 99 keys) pads to 112 x 128, a third more products than its own. Rows past used.rows (rounded up
// to a block) are written as zeros, so that no caller meets uninitialised scratch.
inline void gemm(int64_t mb, int64_t nb, [[maybe_unused]] int64_t ks, const bfloat16* a, int64_t lda, const uint32_t* b,
                 int64_t ldb, float* c, int64_t ldc, Extent used) {
    const int64_t computed_rows = round_up(used.rows, 8);
    for (int64_t r = 0; r < computed_rows; r += 8) {
        const bfloat16* a_rows = a + r * lda;
        float* c_rows = c + r * ldc;
        int64_t j = 0;
        for (; j + 2 <= nb; j += 2) gemm_block<8, 2>(used.pairs, a_rows, lda, b + 16 * j, ldb, c_rows + 16 * j, ldc);
        if (j < nb) gemm_block<8, 1>(used.pairs, a_rows, lda, b + 16 * j, ldb, c_rows + 16 * j, ldc);
    }
    for (int64_t r = computed_rows; r < 16 * mb; ++r)
        for (int64_t j = 0; j < nb; ++j) _mm512_storeu_ps(c + r * ldc + 16 * j, _mm512_setzero_ps());
}

}  // namespace lf::cpu::LF_ISA_NAMESPACE::bf16
