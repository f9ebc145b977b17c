// AVX-512 float32 exponential and logarithm for the tile kernels' softmax (avx512bf16 and amx builds).
#pragma once

#include "cpu/bf16/intrinsics.hpp"

namespace lf::cpu::LF_ISA_NAMESPACE::bf16 {

// 2^x for x <= 0 (a max-subtracted softmax needs no more), relative error below 5e-6 (the
// weights are rounded to bfloat16, 4e-3, right after): 2^x = 2^floor(x) 2^f with f = x - floor(x)
// in [0, 1) from one vreduceps, 2^f by a degree-4 polynomial (least-squares fit of the relative
// error, 4.9e-6 at most), scaled by vscalefps. Below -126 (and for -inf) the result is 2^-126:
// negligible next to a row's largest weight, 1, and never a denormal or NaN.
inline __m512 exp2(__m512 x) {
    x = _mm512_max_ps(x, _mm512_set1_ps(-126.0f));
    const __m512 f = _mm512_reduce_ps(x, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC);
    __m512 p = _mm512_set1_ps(1.3535608536168631e-2f);
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(5.2012929708066340e-2f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(2.4143839976237590e-1f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(6.9300572450651980e-1f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.0f));
    return _mm512_scalef_ps(p, x);
}

// ln x for positive normal x, about 2 ulp: x = 2^e m with m in [sqrt(1/2), sqrt(2)),
// ln m = 2 atanh(z), z = (m - 1) / (m + 1), |z| < 0.172, by its series to z^11.
inline __m512 log(__m512 x) {
    __m512 e = _mm512_getexp_ps(x);
    __m512 m = _mm512_getmant_ps(x, _MM_MANT_NORM_1_2, _MM_MANT_SIGN_src);
    const __mmask16 high = _mm512_cmp_ps_mask(m, _mm512_set1_ps(1.41421356f), _CMP_GT_OQ);
    m = _mm512_mask_mul_ps(m, high, m, _mm512_set1_ps(0.5f));
    e = _mm512_mask_add_ps(e, high, e, _mm512_set1_ps(1.0f));
    const __m512 one = _mm512_set1_ps(1.0f);
    const __m512 z = _mm512_div_ps(_mm512_sub_ps(m, one), _mm512_add_ps(m, one));
    const __m512 z2 = _mm512_mul_ps(z, z);
    __m512 p = _mm512_set1_ps(2.0f / 11);
    p = _mm512_fmadd_ps(p, z2, _mm512_set1_ps(2.0f / 9));
    p = _mm512_fmadd_ps(p, z2, _mm512_set1_ps(2.0f / 7));
    p = _mm512_fmadd_ps(p, z2, _mm512_set1_ps(2.0f / 5));
    p = _mm512_fmadd_ps(p, z2, _mm512_set1_ps(2.0f / 3));
    p = _mm512_fmadd_ps(p, z2, _mm512_set1_ps(2.0f));
    return _mm512_fmadd_ps(e, _mm512_set1_ps(0.693147180559945309f), _mm512_mul_ps(p, z));
}

}  // namespace lf::cpu::LF_ISA_NAMESPACE::bf16
