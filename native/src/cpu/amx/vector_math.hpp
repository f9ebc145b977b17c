// AVX-512 float32 exponential and logarithm for the tile kernels' softmax (amx build only).
#pragma once

#include "cpu/amx/intrinsics.hpp"

namespace lf::cpu::LF_ISA_NAMESPACE::tiles {

// 2^x for x <= 0 (larger x are not needed by a max-subtracted softmax), about 2 ulp: x = n + f
// with n = round(x), |f| <= 1/2, 2^f by a degree-6 polynomial, scaled by 2^n. Below -126 the
// result is 2^-126: negligible next to the largest weight of a row (1), and never a denormal.
inline __m512 exp2(__m512 x) {
    x = _mm512_max_ps(x, _mm512_set1_ps(-126.0f));
    const __m512 n = _mm512_roundscale_ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    const __m512 f = _mm512_sub_ps(x, n);
    __m512 p = _mm512_set1_ps(1.5403530393381606e-4f);
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.3333558146428443e-3f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(9.6181291076284772e-3f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(5.5504108664821580e-2f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(2.4022650695910071e-1f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(6.9314718055994531e-1f));
    p = _mm512_fmadd_ps(p, f, _mm512_set1_ps(1.0f));
    return _mm512_scalef_ps(p, n);
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

}  // namespace lf::cpu::LF_ISA_NAMESPACE::tiles
