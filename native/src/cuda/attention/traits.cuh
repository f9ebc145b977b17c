// Tile traits of the CUDA attention kernels shared by window and cross attention.
//
// A *group* is one (batch, head, set of queries, set of keys): a window with its keys (the
// window's tokens plus the leading tokens), or all queries of a (batch, head) over all keys for
// cross attention. A Layout type describes the groups of an op (window_attention/layout.cuh,
// cross_attention/layout.cuh); the kernels only ask it for token indices:
//   query side (forward, dQ): groups(), queries(), keys(), group(i), query_token(g, i),
//     key_token(g, j), lse_row(g, query_token);
//   key side (dK, dV): key_groups(), max_key_rows(), key_group(i), key_rows(g),
//     query_rows(g), key_row_token(g, i), query_row_token(g, j).
//
// Each warp owns kRowsPerWarp rows (queries, or keys for dK/dV) in registers; the block
// stages the other side kChunk rows at a time in shared memory as fp32, one per lane when
// scoring. A block holds at most kMaxWarps warps, and launch geometry sizes blocks to the
// group (98 or 196 window queries need 4 or 7 blocks with no 128-row padding).
#pragma once

#include <cstdint>

#include "cuda/common/dtype.cuh"

namespace lf::cuda::attention {

constexpr int kRowsPerWarp = 4;
constexpr int kChunk = 32;
constexpr int kMaxWarps = 8;
// Head dims served: kDimsPerLane = 2 (D <= 64) or 4 (D <= 128) fp32 accumulators per lane.
constexpr int kMaxHeadDim = 128;

// Row stride of a staged [kChunk][D] tile: odd, so lane j reading row j at the same d hits
// 32 different banks.
__host__ __device__ constexpr int staged_stride(int D) { return D % 2 == 0 ? D + 1 : D; }

template <typename T>
struct ForwardArgs {
    int head_dim;
    float scale;
    DeviceTokens<const T> q, k, v;
    DeviceTokens<T> out;
    float* lse;
};

template <typename T>
struct BackwardArgs {
    int head_dim;
    float scale;
    DeviceTokens<const T> q, k, v, out;
    const float* lse;
    DeviceTokens<const T> d_out;
    DeviceTokens<T> d_q, d_k, d_v;
};

// Shared memory (floats) of each kernel for `warps` warps.
inline int64_t forward_shared_floats(int D, int warps) {
    return 2 * kChunk * staged_stride(D) + warps * kRowsPerWarp * (D + kChunk);
}
inline int64_t dq_shared_floats(int D, int warps) {
    return 2 * kChunk * staged_stride(D) + warps * kRowsPerWarp * (2 * D + kChunk);
}
inline int64_t dkv_shared_floats(int D, int warps) {
    return 2 * kChunk * staged_stride(D) + 2 * kChunk + warps * kRowsPerWarp * (2 * D + 2 * kChunk);
}

// Blocks per group and warps per block for `rows` rows per group: as few blocks as kMaxWarps
// allows, then the warps spread evenly over them.
struct Geometry {
    int64_t blocks;
    int warps;
};
inline Geometry geometry_for(int64_t rows) {
    const int64_t warps_needed = (rows + kRowsPerWarp - 1) / kRowsPerWarp;
    const int64_t blocks = (warps_needed + kMaxWarps - 1) / kMaxWarps;
    return {blocks, static_cast<int>((warps_needed + blocks - 1) / blocks)};
}

}  // namespace lf::cuda::attention
