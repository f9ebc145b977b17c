// The bfloat16 tile's matrix product and per-thread scope of this build: AMX tiles on the amx
// build (amx_tiles.hpp), vdpbf16ps on the avx512bf16 build (dot_products.hpp); both compute
// bf16::gemm on the same operand layouts (layouts.hpp). Per-ISA header of those two builds.
#pragma once

#if defined(__AMX_BF16__)
#include "cpu/bf16/amx_tiles.hpp"
#elif defined(__AVX512BF16__)
#include "cpu/bf16/dot_products.hpp"
#else
#error "cpu/bf16/products.hpp belongs to the avx512bf16 and amx builds"
#endif
