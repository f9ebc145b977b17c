// The element types of the CPU kernels' tensors: float32 and bfloat16 in memory, float32 in
// registers (every sum, softmax and LayerNorm statistic is fp32). Conversions are scalar and
// vector (simd::vf); bfloat16 is rounded to nearest even, NaN stays NaN. Per-ISA header (see
// vec.hpp): include only from sources compiled once per ISA.
#pragma once

#include <cstdint>

#include "cpu/simd/vec.hpp"
#include "logoformer/logoformer.h"

#if defined(__AVX512BF16__)
#include <immintrin.h>
#endif

namespace lf::cpu {

// A bfloat16 in memory: the high half of a float32's bits. A type of its own (not uint16_t) so
// that overloads and templates tell it from integers.
struct bfloat16 {
    uint16_t bits;
};

}  // namespace lf::cpu

namespace lf::cpu::LF_ISA_NAMESPACE::simd {

typedef uint32_t vu __attribute__((vector_size(LF_VEC_BYTES)));
// kWidth bfloat16 values: half a vector.
typedef uint16_t vh __attribute__((vector_size(LF_VEC_BYTES / 2)));
typedef uint16_t vh_mem __attribute__((vector_size(LF_VEC_BYTES / 2), aligned(2), may_alias));

template <typename E>
inline constexpr bool kIsFloat32 = false;
template <>
inline constexpr bool kIsFloat32<float> = true;

inline float to_float(float x) { return x; }
inline float to_float(bfloat16 x) { return __builtin_bit_cast(float, static_cast<uint32_t>(x.bits) << 16); }

template <typename E>
E from_float(float x);
template <>
inline float from_float<float>(float x) {
    return x;
}
// Round to nearest even; a NaN keeps its sign and becomes a quiet NaN (its low bits could
// otherwise round it to infinity).
template <>
inline bfloat16 from_float<bfloat16>(float x) {
    const uint32_t u = __builtin_bit_cast(uint32_t, x);
    if ((u & 0x7fffffffu) > 0x7f800000u) return {static_cast<uint16_t>((u >> 16) | 0x40u)};
    return {static_cast<uint16_t>((u + 0x7fffu + ((u >> 16) & 1u)) >> 16)};
}

// kWidth consecutive elements as floats, and back.
inline vf load_floats(const float* p) { return load(p); }
inline vf load_floats(const bfloat16* p) {
    const vh h = *reinterpret_cast<const vh_mem*>(p);
    return __builtin_bit_cast(vf, __builtin_convertvector(h, vu) << 16);
}
inline void store_floats(float* p, vf v) { store(p, v); }
inline void store_floats(bfloat16* p, vf v) {
#if defined(__AVX512BF16__) && LF_VEC_BYTES == 64
    // Same rounding; the instruction flushes denormal results to zero (documented in the header).
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), reinterpret_cast<__m256i>(_mm512_cvtneps_pbh(v)));
#else
    const vu u = __builtin_bit_cast(vu, v);
    const vu rounded = (u + 0x7fffu + ((u >> 16) & 1u)) >> 16;
    const vu quiet_nan = (u >> 16) | 0x40u;
    const vu bits = (u & 0x7fffffffu) > 0x7f800000u ? quiet_nan : rounded;
    *reinterpret_cast<vh_mem*>(p) = __builtin_convertvector(bits, vh);
#endif
}

// Calls run(E{}) with E the element type of a validated lf_dtype (float or bfloat16), so each
// kernel names its body once.
template <typename Run>
inline void for_dtype(int32_t dtype, Run&& run) {
    if (dtype == LF_DTYPE_BFLOAT16) {
        run(bfloat16{});
    } else {
        run(float{});
    }
}

}  // namespace lf::cpu::LF_ISA_NAMESPACE::simd
