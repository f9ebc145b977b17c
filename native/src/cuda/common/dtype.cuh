// Element types of the CUDA kernels: float, bfloat16 and float16 in memory, float in
// registers (every sum and softmax statistic is fp32). Token views that know whether they can
// be read as 16-byte vectors, and the staging of rows into shared memory.
#pragma once

#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include <cstdint>

#include "common/tensor_views.hpp"
#include "logoformer/logoformer.h"

namespace lf::cuda {

// Calls run(T{}) with T the element type of an lf_dtype (validated by the entry point; float
// otherwise), so each op's host code names its kernel once instead of once per dtype.
template <typename Run>
void for_dtype(int32_t dtype, Run&& run) {
    switch (dtype) {
        case LF_DTYPE_BFLOAT16: run(__nv_bfloat16{}); break;
        case LF_DTYPE_FLOAT16: run(__half{}); break;
        default: run(float{}); break;
    }
}

__device__ __forceinline__ float to_float(float x) { return x; }
__device__ __forceinline__ float to_float(__nv_bfloat16 x) { return __bfloat162float(x); }
__device__ __forceinline__ float to_float(__half x) { return __half2float(x); }

template <typename T>
__device__ __forceinline__ T from_float(float x);
template <>
__device__ __forceinline__ float from_float<float>(float x) { return x; }
template <>
__device__ __forceinline__ __nv_bfloat16 from_float<__nv_bfloat16>(float x) { return __float2bfloat16_rn(x); }
template <>
__device__ __forceinline__ __half from_float<__half>(float x) { return __float2half_rn(x); }

// Elements per 16-byte vector.
template <typename T>
constexpr int kVectorElements = 16 / static_cast<int>(sizeof(T));

// A typed heads-last token tensor [B, T, heads, D] (common/tensor_views.hpp) and whether the
// host found every row start 16-byte aligned with a unit head-dim stride and D a whole number of
// vectors, so that rows may be read as 16-byte vectors.
template <typename T>
struct DeviceTokens : TokensView<T> {
    bool vectorized;
};

// Copies `rows` rows of D elements into dst[j * dst_stride + d] as float times `scale`, the
// threads [thread, thread + threads * k) sharing the work with consecutive threads on
// consecutive elements (coalesced). row_of(j) gives row j's start, or nullptr for a padding
// row (zeros).
template <typename T, typename RowOf>
__device__ __forceinline__ void stage_rows(float* dst, int dst_stride, int rows, int D, int64_t d_stride,
                                           bool vectorized, float scale, int thread, int threads, RowOf row_of) {
    if (vectorized) {
        constexpr int V = kVectorElements<T>;
        const int vectors = D / V;
        for (int i = thread; i < rows * vectors; i += threads) {
            const int j = i / vectors, c = i % vectors;
            const T* src = row_of(j);
            float* out = dst + j * dst_stride + c * V;
            if (src == nullptr) {
#pragma unroll
                for (int e = 0; e < V; ++e) out[e] = 0.0f;
            } else {
                const uint4 raw = *reinterpret_cast<const uint4*>(src + c * V);
                const T* elements = reinterpret_cast<const T*>(&raw);
#pragma unroll
                for (int e = 0; e < V; ++e) out[e] = scale * to_float(elements[e]);
            }
        }
    } else {
        for (int i = thread; i < rows * D; i += threads) {
            const int j = i / D, d = i % D;
            const T* src = row_of(j);
            dst[j * dst_stride + d] = src == nullptr ? 0.0f : scale * to_float(src[d * d_stride]);
        }
    }
}

}  // namespace lf::cuda
