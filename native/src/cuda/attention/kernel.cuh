// The CUDA attention kernels, fp32 math on any element type T: forward (out, lse), and a
// backward split in two kernels that each own what they write, so no gradient is ever
// accumulated with atomics (deterministic): dQ by query rows, dK/dV by key rows. delta =
// rowsum(dO * O) is recomputed where needed instead of stored. See traits.cuh for the tile
// scheme and the Layout interface.
#pragma once

#include <cmath>

#include "cuda/attention/traits.cuh"
#include "cuda/common/reduce.cuh"

namespace lf::cuda::attention {

// Writes this warp's accumulators o[r][*] * scale[r] to rows first + r of x.
template <typename T, int kDimsPerLane, typename TokenOf>
__device__ __forceinline__ void store_rows(const DeviceTokens<T>& x, int64_t b, int64_t h, int64_t first,
                                           int64_t rows, int D, const float (&o)[kRowsPerWarp][kDimsPerLane],
                                           const float (&scale)[kRowsPerWarp], TokenOf token_of) {
    const int lane = threadIdx.x % 32;
#pragma unroll
    for (int r = 0; r < kRowsPerWarp; ++r) {
        if (first + r >= rows) break;
        T* dst = x.row(b, token_of(first + r), h);
#pragma unroll
        for (int dd = 0; dd < kDimsPerLane; ++dd) {
            const int d = lane + 32 * dd;
            if (d < D) dst[d * x.stride[3]] = from_float<T>(o[r][dd] * scale[r]);
        }
    }
}

// Grid: x = group, y = block of rows within the group; blockDim.x = 32 * warps.
template <typename Layout, typename T, int kDimsPerLane>
__global__ void __launch_bounds__(kMaxWarps * 32) forward_kernel(const Layout layout, const ForwardArgs<T> a) {
    extern __shared__ float shared[];
    __shared__ int64_t chunk_tokens[kChunk];
    const int lane = threadIdx.x % 32, warp = threadIdx.x / 32, warps = blockDim.x / 32;
    const int D = a.head_dim, ks = staged_stride(D);
    const auto g = layout.group(blockIdx.x);
    const int64_t queries = layout.queries(), keys = layout.keys();
    const int64_t first = (static_cast<int64_t>(blockIdx.y) * warps + warp) * kRowsPerWarp;

    float* k_s = shared;                                                       // [kChunk][ks]
    float* v_s = k_s + kChunk * ks;                                            // [kChunk][ks]
    float* q_s = v_s + kChunk * ks + warp * kRowsPerWarp * D;                  // [R][D], pre-scaled
    float* p_s = shared + 2 * kChunk * ks + warps * kRowsPerWarp * D + warp * kRowsPerWarp * kChunk;  // [R][kChunk]

    stage_rows<T>(q_s, D, kRowsPerWarp, D, a.q.stride[3], a.q.vectorized, a.scale, lane, 32,
                  [&](int r) -> const T* {
                      return first + r < queries ? a.q.row(g.b, layout.query_token(g, first + r), g.h) : nullptr;
                  });

    float m[kRowsPerWarp], l[kRowsPerWarp], o[kRowsPerWarp][kDimsPerLane];
#pragma unroll
    for (int r = 0; r < kRowsPerWarp; ++r) {
        m[r] = -INFINITY;
        l[r] = 0.0f;
#pragma unroll
        for (int dd = 0; dd < kDimsPerLane; ++dd) o[r][dd] = 0.0f;
    }

    for (int64_t c0 = 0; c0 < keys; c0 += kChunk) {
        const int count = keys - c0 < kChunk ? static_cast<int>(keys - c0) : kChunk;
        __syncthreads();  // the previous chunk is no longer read
        if (threadIdx.x < count) chunk_tokens[threadIdx.x] = layout.key_token(g, c0 + threadIdx.x);
        __syncthreads();
        const auto key_row = [&](const DeviceTokens<const T>& x) {
            return [&x, &g, count](int j) -> const T* { return j < count ? x.row(g.b, chunk_tokens[j], g.h) : nullptr; };
        };
        stage_rows<T>(k_s, ks, kChunk, D, a.k.stride[3], a.k.vectorized, 1.0f, threadIdx.x, blockDim.x, key_row(a.k));
        stage_rows<T>(v_s, ks, kChunk, D, a.v.stride[3], a.v.vectorized, 1.0f, threadIdx.x, blockDim.x, key_row(a.v));
        __syncthreads();

        // Lane j scores key c0 + j against the warp's rows.
        float s[kRowsPerWarp] = {};
        if (lane < count) {
            const float* k_row = k_s + lane * ks;
#pragma unroll 4
            for (int d = 0; d < D; ++d) {
                const float kd = k_row[d];
#pragma unroll
                for (int r = 0; r < kRowsPerWarp; ++r) s[r] = fmaf(q_s[r * D + d], kd, s[r]);
            }
        }
#pragma unroll
        for (int r = 0; r < kRowsPerWarp; ++r) {
            const float m_new = fmaxf(m[r], warp_max(lane < count ? s[r] : -INFINITY));
            const float correction = m[r] == -INFINITY ? 0.0f : expf(m[r] - m_new);
            const float p = lane < count ? expf(s[r] - m_new) : 0.0f;
            l[r] = l[r] * correction + p;  // per-lane partial sums; one warp sum at the end
            m[r] = m_new;
#pragma unroll
            for (int dd = 0; dd < kDimsPerLane; ++dd) o[r][dd] *= correction;
            p_s[r * kChunk + lane] = p;
        }
        __syncwarp();
        for (int j = 0; j < count; ++j) {
#pragma unroll
            for (int dd = 0; dd < kDimsPerLane; ++dd) {
                const int d = lane + 32 * dd;
                const float vd = d < D ? v_s[j * ks + d] : 0.0f;
#pragma unroll
                for (int r = 0; r < kRowsPerWarp; ++r) o[r][dd] = fmaf(p_s[r * kChunk + j], vd, o[r][dd]);
            }
        }
        __syncwarp();
    }

    float inv_sum[kRowsPerWarp];
#pragma unroll
    for (int r = 0; r < kRowsPerWarp; ++r) {
        const float total = warp_sum(l[r]);
        inv_sum[r] = 1.0f / total;
        if (lane == 0 && first + r < queries) {
            a.lse[layout.lse_row(g, layout.query_token(g, first + r))] = m[r] + logf(total);
        }
    }
    store_rows<T, kDimsPerLane>(a.out, g.b, g.h, first, queries, D, o, inv_sum,
                                [&](int64_t i) { return layout.query_token(g, i); });
}

// dQ = scale * sum_j P_ij (dP_ij - delta_i) k_j with P = exp(scale q k^T - lse), dP = dO v^T.
// Grid and blocks as forward_kernel.
template <typename Layout, typename T, int kDimsPerLane>
__global__ void __launch_bounds__(kMaxWarps * 32) dq_kernel(const Layout layout, const BackwardArgs<T> a) {
    extern __shared__ float shared[];
    __shared__ int64_t chunk_tokens[kChunk];
    const int lane = threadIdx.x % 32, warp = threadIdx.x / 32, warps = blockDim.x / 32;
    const int D = a.head_dim, ks = staged_stride(D);
    const auto g = layout.group(blockIdx.x);
    const int64_t queries = layout.queries(), keys = layout.keys();
    const int64_t first = (static_cast<int64_t>(blockIdx.y) * warps + warp) * kRowsPerWarp;

    float* k_s = shared;
    float* v_s = k_s + kChunk * ks;
    float* q_s = v_s + kChunk * ks + warp * kRowsPerWarp * 2 * D;  // [R][D], pre-scaled
    float* do_s = q_s + kRowsPerWarp * D;                           // [R][D]
    float* ds_s = shared + 2 * kChunk * ks + warps * kRowsPerWarp * 2 * D + warp * kRowsPerWarp * kChunk;

    const auto query_row = [&](const DeviceTokens<const T>& x) {
        return [&](int r) -> const T* {
            return first + r < queries ? x.row(g.b, layout.query_token(g, first + r), g.h) : nullptr;
        };
    };
    stage_rows<T>(q_s, D, kRowsPerWarp, D, a.q.stride[3], a.q.vectorized, a.scale, lane, 32, query_row(a.q));
    stage_rows<T>(do_s, D, kRowsPerWarp, D, a.d_out.stride[3], a.d_out.vectorized, 1.0f, lane, 32,
                  query_row(a.d_out));
    __syncwarp();

    float lse[kRowsPerWarp], delta[kRowsPerWarp], dq[kRowsPerWarp][kDimsPerLane];
#pragma unroll
    for (int r = 0; r < kRowsPerWarp; ++r) {
        const bool valid = first + r < queries;
        const int64_t token = valid ? layout.query_token(g, first + r) : 0;
        float partial = 0.0f;
        if (valid) {
            const T* o = a.out.row(g.b, token, g.h);
            for (int d = lane; d < D; d += 32) partial += do_s[r * D + d] * to_float(o[d * a.out.stride[3]]);
        }
        delta[r] = warp_sum(partial);
        lse[r] = valid ? a.lse[layout.lse_row(g, token)] : 0.0f;
#pragma unroll
        for (int dd = 0; dd < kDimsPerLane; ++dd) dq[r][dd] = 0.0f;
    }

    for (int64_t c0 = 0; c0 < keys; c0 += kChunk) {
        const int count = keys - c0 < kChunk ? static_cast<int>(keys - c0) : kChunk;
        __syncthreads();
        if (threadIdx.x < count) chunk_tokens[threadIdx.x] = layout.key_token(g, c0 + threadIdx.x);
        __syncthreads();
        const auto key_row = [&](const DeviceTokens<const T>& x) {
            return [&x, &g, count](int j) -> const T* { return j < count ? x.row(g.b, chunk_tokens[j], g.h) : nullptr; };
        };
        stage_rows<T>(k_s, ks, kChunk, D, a.k.stride[3], a.k.vectorized, 1.0f, threadIdx.x, blockDim.x, key_row(a.k));
        stage_rows<T>(v_s, ks, kChunk, D, a.v.stride[3], a.v.vectorized, 1.0f, threadIdx.x, blockDim.x, key_row(a.v));
        __syncthreads();

        float s[kRowsPerWarp] = {}, dp[kRowsPerWarp] = {};
        if (lane < count) {
            const float* k_row = k_s + lane * ks;
            const float* v_row = v_s + lane * ks;
#pragma unroll 4
            for (int d = 0; d < D; ++d) {
                const float kd = k_row[d], vd = v_row[d];
#pragma unroll
                for (int r = 0; r < kRowsPerWarp; ++r) {
                    s[r] = fmaf(q_s[r * D + d], kd, s[r]);
                    dp[r] = fmaf(do_s[r * D + d], vd, dp[r]);
                }
            }
        }
#pragma unroll
        for (int r = 0; r < kRowsPerWarp; ++r) {
            ds_s[r * kChunk + lane] = lane < count ? expf(s[r] - lse[r]) * (dp[r] - delta[r]) : 0.0f;
        }
        __syncwarp();
        for (int j = 0; j < count; ++j) {
#pragma unroll
            for (int dd = 0; dd < kDimsPerLane; ++dd) {
                const int d = lane + 32 * dd;
                const float kd = d < D ? k_s[j * ks + d] : 0.0f;
#pragma unroll
                for (int r = 0; r < kRowsPerWarp; ++r) dq[r][dd] = fmaf(ds_s[r * kChunk + j], kd, dq[r][dd]);
            }
        }
        __syncwarp();
    }
    float scale[kRowsPerWarp];
#pragma unroll
    for (int r = 0; r < kRowsPerWarp; ++r) scale[r] = a.scale;
    store_rows<T, kDimsPerLane>(a.d_q, g.b, g.h, first, queries, D, dq, scale,
                                [&](int64_t i) { return layout.query_token(g, i); });
}

// dV_j = sum_i P_ij dO_i and dK_j = sum_i dS_ij (scale q_i), over the queries that see key j,
// in query order. Grid: x = key group, y = block of key rows (blocks past a group's rows exit).
template <typename Layout, typename T, int kDimsPerLane>
__global__ void __launch_bounds__(kMaxWarps * 32) dkv_kernel(const Layout layout, const BackwardArgs<T> a) {
    extern __shared__ float shared[];
    __shared__ int64_t chunk_tokens[kChunk];
    const int lane = threadIdx.x % 32, warp = threadIdx.x / 32, warps = blockDim.x / 32;
    const int D = a.head_dim, ks = staged_stride(D);
    const auto g = layout.key_group(blockIdx.x);
    const int64_t rows = layout.key_rows(g), queries = layout.query_rows(g);
    if (static_cast<int64_t>(blockIdx.y) * warps * kRowsPerWarp >= rows) return;  // uniform over the block
    const int64_t first = (static_cast<int64_t>(blockIdx.y) * warps + warp) * kRowsPerWarp;

    float* q_s = shared;                       // [kChunk][ks], pre-scaled
    float* do_s = q_s + kChunk * ks;           // [kChunk][ks]
    float* lse_s = do_s + kChunk * ks;         // [kChunk]
    float* delta_s = lse_s + kChunk;           // [kChunk]
    float* k_r = delta_s + kChunk + warp * kRowsPerWarp * 2 * D;  // this warp's [R][D] keys
    float* v_r = k_r + kRowsPerWarp * D;                          // and values
    float* p_s = shared + 2 * kChunk * ks + 2 * kChunk + warps * kRowsPerWarp * 2 * D +
                 warp * kRowsPerWarp * 2 * kChunk;  // [R][kChunk]
    float* ds_s = p_s + kRowsPerWarp * kChunk;      // [R][kChunk]

    const auto key_row = [&](const DeviceTokens<const T>& x) {
        return [&](int r) -> const T* {
            return first + r < rows ? x.row(g.b, layout.key_row_token(g, first + r), g.h) : nullptr;
        };
    };
    stage_rows<T>(k_r, D, kRowsPerWarp, D, a.k.stride[3], a.k.vectorized, 1.0f, lane, 32, key_row(a.k));
    stage_rows<T>(v_r, D, kRowsPerWarp, D, a.v.stride[3], a.v.vectorized, 1.0f, lane, 32, key_row(a.v));

    float dk[kRowsPerWarp][kDimsPerLane] = {}, dv[kRowsPerWarp][kDimsPerLane] = {};
    for (int64_t c0 = 0; c0 < queries; c0 += kChunk) {
        const int count = queries - c0 < kChunk ? static_cast<int>(queries - c0) : kChunk;
        __syncthreads();
        if (threadIdx.x < kChunk) {
            const bool valid = threadIdx.x < count;
            const int64_t token = valid ? layout.query_row_token(g, c0 + threadIdx.x) : 0;
            chunk_tokens[threadIdx.x] = token;
            lse_s[threadIdx.x] = valid ? a.lse[layout.lse_row(g, token)] : 0.0f;
        }
        __syncthreads();
        const auto query_row = [&](const DeviceTokens<const T>& x) {
            return [&x, &g, count](int j) -> const T* { return j < count ? x.row(g.b, chunk_tokens[j], g.h) : nullptr; };
        };
        stage_rows<T>(q_s, ks, kChunk, D, a.q.stride[3], a.q.vectorized, a.scale, threadIdx.x, blockDim.x,
                      query_row(a.q));
        stage_rows<T>(do_s, ks, kChunk, D, a.d_out.stride[3], a.d_out.vectorized, 1.0f, threadIdx.x, blockDim.x,
                      query_row(a.d_out));
        __syncthreads();
        for (int j = warp; j < count; j += warps) {  // delta of the staged queries, a warp per query
            const T* o = a.out.row(g.b, chunk_tokens[j], g.h);
            float partial = 0.0f;
            for (int d = lane; d < D; d += 32) partial += do_s[j * ks + d] * to_float(o[d * a.out.stride[3]]);
            partial = warp_sum(partial);
            if (lane == 0) delta_s[j] = partial;
        }
        __syncthreads();

        // Lane i takes staged query i against the warp's key rows.
        float s[kRowsPerWarp] = {}, dp[kRowsPerWarp] = {};
        if (lane < count) {
            const float* q_row = q_s + lane * ks;
            const float* do_row = do_s + lane * ks;
#pragma unroll 4
            for (int d = 0; d < D; ++d) {
                const float qd = q_row[d], dod = do_row[d];
#pragma unroll
                for (int r = 0; r < kRowsPerWarp; ++r) {
                    s[r] = fmaf(qd, k_r[r * D + d], s[r]);
                    dp[r] = fmaf(dod, v_r[r * D + d], dp[r]);
                }
            }
        }
#pragma unroll
        for (int r = 0; r < kRowsPerWarp; ++r) {
            const float p = lane < count ? expf(s[r] - lse_s[lane]) : 0.0f;
            p_s[r * kChunk + lane] = p;
            ds_s[r * kChunk + lane] = lane < count ? p * (dp[r] - delta_s[lane]) : 0.0f;
        }
        __syncwarp();
        for (int j = 0; j < count; ++j) {
#pragma unroll
            for (int dd = 0; dd < kDimsPerLane; ++dd) {
                const int d = lane + 32 * dd;
                const float qd = d < D ? q_s[j * ks + d] : 0.0f;
                const float dod = d < D ? do_s[j * ks + d] : 0.0f;
#pragma unroll
                for (int r = 0; r < kRowsPerWarp; ++r) {
                    dv[r][dd] = fmaf(p_s[r * kChunk + j], dod, dv[r][dd]);
                    dk[r][dd] = fmaf(ds_s[r * kChunk + j], qd, dk[r][dd]);
                }
            }
        }
    }
    float one[kRowsPerWarp];
#pragma unroll
    for (int r = 0; r < kRowsPerWarp; ++r) one[r] = 1.0f;
    const auto token_of = [&](int64_t i) { return layout.key_row_token(g, i); };
    store_rows<T, kDimsPerLane>(a.d_k, g.b, g.h, first, rows, D, dk, one, token_of);
    store_rows<T, kDimsPerLane>(a.d_v, g.b, g.h, first, rows, D, dv, one, token_of);
}

// Rows [0, count) of x for every batch and head set to zero: the leading-token rows of window
// attention's out and d_q, which are not queries.
template <typename T>
__global__ void zero_leading_rows_kernel(DeviceTokens<T> x, int64_t batch, int64_t count, int64_t heads, int D) {
    const int64_t total = batch * count * heads * D;
    for (int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; i < total;
         i += static_cast<int64_t>(gridDim.x) * blockDim.x) {
        const int64_t d = i % D, h = (i / D) % heads, t = (i / (D * heads)) % count, b = i / (D * heads * count);
        x.row(b, t, h)[d * x.stride[3]] = from_float<T>(0.0f);
    }
}

}  // namespace lf::cuda::attention
