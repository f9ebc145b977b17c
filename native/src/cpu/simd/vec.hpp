// The SIMD vector of one instruction-set build, written with GCC/Clang vector extensions so
// that one kernel source compiles to AVX-512, AVX2 or a portable 128-bit fallback. Include
// only from sources compiled once per ISA (see cmake/CpuKernels.cmake); LF_VEC_BYTES and
// LF_ISA_NAMESPACE are set by that build. Everything here lives in the ISA's namespace: an
// inline function shared between ISA builds would be merged by the linker into one copy,
// possibly with instructions the running CPU lacks.
#pragma once

#include <cstdint>

#ifndef LF_VEC_BYTES
#error "LF_VEC_BYTES must be defined by the per-ISA build"
#endif

namespace lf::cpu::LF_ISA_NAMESPACE::simd {

typedef float vf __attribute__((vector_size(LF_VEC_BYTES)));
typedef int32_t vi __attribute__((vector_size(LF_VEC_BYTES)));
// Unaligned, aliasing view of float memory as vectors.
typedef float vf_mem __attribute__((vector_size(LF_VEC_BYTES), aligned(4), may_alias));

constexpr int kWidth = LF_VEC_BYTES / 4;

inline vf load(const float* p) { return *reinterpret_cast<const vf_mem*>(p); }
inline void store(float* p, vf v) { *reinterpret_cast<vf_mem*>(p) = v; }
inline vf splat(float x) { return vf{} + x; }

inline float reduce_max(vf v) {
    float m = v[0];
    for (int i = 1; i < kWidth; ++i) m = v[i] > m ? v[i] : m;
    return m;
}

inline float reduce_sum(vf v) {
    float s = 0.0f;
    for (int i = 0; i < kWidth; ++i) s += v[i];
    return s;
}

// e^x in float, about 1 ulp: x = n ln2 + r with |r| <= ln2/2, e^r by a degree-6 polynomial
// (Cephes expf coefficients), 2^n assembled in the exponent bits. Inputs below -87.3 give
// exactly 0 (so exp(-inf) = 0); inputs above 88 are clamped to 88 (softmax only feeds x <= 0).
inline vf exp(vf x) {
    const vf lo = splat(-87.33654f), hi = splat(88.0f);
    const vi underflow = x < lo;
    x = x > hi ? hi : x;
    x = x < lo ? lo : x;
    const vf n = __builtin_convertvector(__builtin_convertvector(x * 1.44269504088896341f + (x < 0 ? -0.5f : 0.5f), vi), vf);
    vf r = x - n * 0.693359375f;
    r = r - n * -2.12194440e-4f;
    vf p = splat(1.9875691500e-4f);
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * (r * r) + r + 1.0f;
    const vi bits = (__builtin_convertvector(n, vi) + 127) << 23;
    const vf result = p * __builtin_bit_cast(vf, bits);
    return underflow ? splat(0.0f) : result;
}

}  // namespace lf::cpu::LF_ISA_NAMESPACE::simd
