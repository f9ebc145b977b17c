// AMX-BF16 tiles: the per-thread tile configuration and a blocked matrix product on tiles,
//   C[16 mb x 16 nb] (float32, = not +=) = A[16 mb x 32 ks] (bfloat16) * B[32 ks x 16 nb] (bfloat16)
// with B in the VNNI layout the tile instruction reads: B[k][n] at dword (k / 2, n), half k % 2,
// i.e. [16 ks pair rows][16 nb dwords]. Every operand is padded by its packer (zeros), so the
// product sees whole tiles only. Compiled only into the amx build (__AMX_BF16__); per-ISA header.
//
// gcc 12's tile intrinsics paste the tile number into the instruction text, so every tile is
// named by a literal: tiles 0-1 hold A, 2-3 hold B, 4-7 the 2 x 2 block of C.
#pragma once

#include <cstdint>

#include "cpu/bf16/intrinsics.hpp"
#include "cpu/bf16/layouts.hpp"
#include "cpu/simd/elements.hpp"

#if !defined(__AMX_BF16__)
#error "cpu/bf16/amx_tiles.hpp belongs to the amx build"
#endif

namespace lf::cpu::LF_ISA_NAMESPACE::bf16 {

// The tile configuration is per thread: a scope loads it (all 8 tiles 16 rows x 64 bytes) and
// releases the tiles on exit, so that a context switch no longer saves 8 KB of tile state. The
// process must hold the tile permission (isa_dispatch.cpp requests it before choosing amx).
class TileScope {
public:
    TileScope() {
        struct alignas(64) Config {
            uint8_t palette, start_row, reserved[14];
            uint16_t bytes_per_row[16];
            uint8_t rows[16];
        } config{};
        config.palette = 1;
        for (int t = 0; t < 8; ++t) {
            config.bytes_per_row[t] = 64;
            config.rows[t] = 16;
        }
        _tile_loadconfig(&config);
    }
    ~TileScope() { _tile_release(); }
    TileScope(const TileScope&) = delete;
    TileScope& operator=(const TileScope&) = delete;
};

// One M x N block (M, N in {1, 2}) of 16 x 16 C tiles over ks steps of 32 reduction elements.
// lda: bfloat16 elements per A row; ldb: dwords per B pair row; ldc: floats per C row.
template <int M, int N>
inline void gemm_block(int64_t ks, const bfloat16* a, int64_t lda, const uint32_t* b, int64_t ldb, float* c,
                       int64_t ldc) {
    const int64_t a_bytes = 2 * lda, b_bytes = 4 * ldb, c_bytes = 4 * ldc;
    const bfloat16* a1 = a + 16 * lda;
    _tile_zero(4);
    if constexpr (N == 2) _tile_zero(5);
    if constexpr (M == 2) _tile_zero(6);
    if constexpr (M == 2 && N == 2) _tile_zero(7);
    for (int64_t s = 0; s < ks; ++s) {
        const uint32_t* b_step = b + 16 * s * ldb;
        _tile_loadd(0, a + 32 * s, a_bytes);
        _tile_loadd(2, b_step, b_bytes);
        _tile_dpbf16ps(4, 0, 2);
        if constexpr (N == 2) {
            _tile_loadd(3, b_step + 16, b_bytes);
            _tile_dpbf16ps(5, 0, 3);
        }
        if constexpr (M == 2) {
            _tile_loadd(1, a1 + 32 * s, a_bytes);
            _tile_dpbf16ps(6, 1, 2);
        }
        if constexpr (M == 2 && N == 2) _tile_dpbf16ps(7, 1, 3);
    }
    _tile_stored(4, c, c_bytes);
    if constexpr (N == 2) _tile_stored(5, c + 16, c_bytes);
    if constexpr (M == 2) _tile_stored(6, c + 16 * ldc, c_bytes);
    if constexpr (M == 2 && N == 2) _tile_stored(7, c + 16 * ldc + 16, c_bytes);
}

// C = A * B over mb x nb tiles of C and ks reduction steps (see the top comment); whole tiles,
// whatever of them `used` says holds data (layouts.hpp).
inline void gemm(int64_t mb, int64_t nb, int64_t ks, const bfloat16* a, int64_t lda, const uint32_t* b, int64_t ldb,
                 float* c, int64_t ldc, [[maybe_unused]] Extent used) {
    for (int64_t i = 0; i < mb; i += 2) {
        const bfloat16* a_rows = a + 16 * i * lda;
        for (int64_t j = 0; j < nb; j += 2) {
            const uint32_t* b_cols = b + 16 * j;
            float* c_block = c + 16 * (i * ldc + j);
            const bool two_rows = i + 1 < mb, two_cols = j + 1 < nb;
            if (two_rows && two_cols) {
                gemm_block<2, 2>(ks, a_rows, lda, b_cols, ldb, c_block, ldc);
            } else if (two_rows) {
                gemm_block<2, 1>(ks, a_rows, lda, b_cols, ldb, c_block, ldc);
            } else if (two_cols) {
                gemm_block<1, 2>(ks, a_rows, lda, b_cols, ldb, c_block, ldc);
            } else {
                gemm_block<1, 1>(ks, a_rows, lda, b_cols, ldb, c_block, ldc);
            }
        }
    }
}

}  // namespace lf::cpu::LF_ISA_NAMESPACE::bf16
