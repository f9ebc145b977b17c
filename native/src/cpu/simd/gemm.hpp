// A small register-blocked matrix product for the attention tiles:
//   C[M x N] (= or +=) A[M x K] * B[K x N]
// A is read as scalars through two strides (so A or A^T of a stored tile both work), B is
// row-major with N a multiple of the vector width (callers pad their packed operands), C is
// row-major. The M x (NV vectors) accumulator block lives in registers; sizes per ISA are
// chosen so that accumulators + B vectors + one broadcast fit the register file.
#pragma once

#include "cpu/simd/vec.hpp"

namespace lf::cpu::LF_ISA_NAMESPACE::simd {

#if LF_VEC_BYTES == 64
constexpr int kBlockRows = 6, kBlockVecs = 4;  // 24 zmm accumulators
#elif LF_VEC_BYTES == 32
constexpr int kBlockRows = 6, kBlockVecs = 2;  // 12 ymm accumulators
#else
constexpr int kBlockRows = 4, kBlockVecs = 2;  // 8 xmm accumulators
#endif

struct StridedMatrix {
    const float* data;
    int64_t row_stride, col_stride;
};

template <int M, int NV>
inline void gemm_block(int64_t k_size, StridedMatrix a, const float* b, int64_t ldb, float* c, int64_t ldc,
                       bool accumulate) {
    vf acc[M][NV];
    for (int i = 0; i < M; ++i)
        for (int j = 0; j < NV; ++j) acc[i][j] = accumulate ? load(c + i * ldc + j * kWidth) : vf{};
    const float* a_row[M];
    for (int i = 0; i < M; ++i) a_row[i] = a.data + i * a.row_stride;
    for (int64_t kk = 0; kk < k_size; ++kk) {
        vf bv[NV];
        for (int j = 0; j < NV; ++j) bv[j] = load(b + kk * ldb + j * kWidth);
        const int64_t a_offset = kk * a.col_stride;
        for (int i = 0; i < M; ++i) {
            const float s = a_row[i][a_offset];
            for (int j = 0; j < NV; ++j) acc[i][j] += s * bv[j];
        }
    }
    for (int i = 0; i < M; ++i)
        for (int j = 0; j < NV; ++j) store(c + i * ldc + j * kWidth, acc[i][j]);
}

template <int NV>
inline void gemm_column_panel(int64_t m_size, int64_t k_size, StridedMatrix a, const float* b, int64_t ldb, float* c,
                              int64_t ldc, bool accumulate) {
    int64_t i0 = 0;
    for (; i0 + kBlockRows <= m_size; i0 += kBlockRows) {
        const StridedMatrix a_block{a.data + i0 * a.row_stride, a.row_stride, a.col_stride};
        gemm_block<kBlockRows, NV>(k_size, a_block, b, ldb, c + i0 * ldc, ldc, accumulate);
    }
    const StridedMatrix a_rest{a.data + i0 * a.row_stride, a.row_stride, a.col_stride};
    float* c_rest = c + i0 * ldc;
    switch (m_size - i0) {
        case 0: break;
#define LF_GEMM_ROWS(R) \
    case R: if constexpr (R < kBlockRows) gemm_block<R, NV>(k_size, a_rest, b, ldb, c_rest, ldc, accumulate); break;
        LF_GEMM_ROWS(1) LF_GEMM_ROWS(2) LF_GEMM_ROWS(3) LF_GEMM_ROWS(4) LF_GEMM_ROWS(5)
#undef LF_GEMM_ROWS
    }
}

// n_size must be a multiple of kWidth; ldb and ldc are in floats.
inline void gemm(int64_t m_size, int64_t n_size, int64_t k_size, StridedMatrix a, const float* b, int64_t ldb, float* c,
                 int64_t ldc, bool accumulate = false) {
    const int64_t panel = kBlockVecs * kWidth;
    int64_t j0 = 0;
    for (; j0 + panel <= n_size; j0 += panel) {
        gemm_column_panel<kBlockVecs>(m_size, k_size, a, b + j0, ldb, c + j0, ldc, accumulate);
    }
    switch ((n_size - j0) / kWidth) {
        case 0: break;
        case 1: gemm_column_panel<1>(m_size, k_size, a, b + j0, ldb, c + j0, ldc, accumulate); break;
        case 2: if constexpr (kBlockVecs > 2) gemm_column_panel<2>(m_size, k_size, a, b + j0, ldb, c + j0, ldc, accumulate); break;
        case 3: if constexpr (kBlockVecs > 3) gemm_column_panel<3>(m_size, k_size, a, b + j0, ldb, c + j0, ldc, accumulate); break;
    }
}

inline int64_t round_up_to_width(int64_t n) { return (n + kWidth - 1) / kWidth * kWidth; }

}  // namespace lf::cpu::LF_ISA_NAMESPACE::simd
