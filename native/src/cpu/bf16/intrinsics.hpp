// The x86 intrinsics of the avx512bf16 and amx builds' headers. gcc 12 warns "'__Y' may be used
// uninitialized" inside many AVX-512 intrinsics once they are inlined (its _mm512_undefined_* idiom, GCC bug
// 105593, fixed in gcc 13): the warning is the compiler's, not this code's, so it is off here.
#pragma once

#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ < 13
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <immintrin.h>
