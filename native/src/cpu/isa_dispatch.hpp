// Chooses, once per process, which instruction-set build of the CPU kernels runs.
//
// The levels, lowest first: generic (portable 128-bit vectors), avx2, avx512, avx512bf16 (the
// avx512 build plus AVX512-BF16's dot products for bfloat16 window attention), and amx (that plus
// AMX-BF16 tiles for the same products). Adding one takes its value in Isa, a row in kLevels
// (isa_dispatch.cpp: its name and the CPU features it needs), an entry in LF_FOR_EACH_CPU_ISA and
// a case in LF_CPU_DISPATCH below, and its flags in cmake/CpuKernels.cmake; the LF_CPU_SIMD
// check, its message and lf_build_info() follow.
#pragma once

namespace lf::cpu {

enum class Isa { generic, avx2, avx512, avx512bf16, amx };

// The ISA the CPU kernels run: the best one the running CPU supports among those compiled in,
// or the one the environment variable LF_CPU_SIMD names (read once per process; unset or empty:
// the best). A value that names no compiled level, or a level above what the CPU supports, is
// refused: then this throws lf::Error(LF_ERROR_INVALID_ARGUMENT, isa_refusal()), so that every
// CPU kernel call fails and says why.
Isa selected_isa();
// Why LF_CPU_SIMD was refused, e.g. "LF_CPU_SIMD: expected one of generic, avx2, avx512,
// avx512bf16, amx not above what this CPU supports (avx2), got 'avx512'"; nullptr when it was not.
const char* isa_refusal() noexcept;
const char* isa_name(Isa isa);

}  // namespace lf::cpu

// X(isa) for each ISA build of the CPU kernels (the list cmake/CpuKernels.cmake compiles;
// avx512bf16 and amx where the compiler takes -mavx512bf16 and -mamx-bf16).
#if defined(LF_HAVE_X86_ISAS) && defined(LF_HAVE_AMX_ISA)
#define LF_FOR_EACH_CPU_ISA(X) X(generic) X(avx2) X(avx512) X(avx512bf16) X(amx)
#elif defined(LF_HAVE_X86_ISAS) && defined(LF_HAVE_AVX512BF16_ISA)
#define LF_FOR_EACH_CPU_ISA(X) X(generic) X(avx2) X(avx512) X(avx512bf16)
#elif defined(LF_HAVE_X86_ISAS)
#define LF_FOR_EACH_CPU_ISA(X) X(generic) X(avx2) X(avx512)
#else
#define LF_FOR_EACH_CPU_ISA(X) X(generic)
#endif

// Calls lf::cpu::<isa>::fn(args...) for the selected ISA.
#if defined(LF_HAVE_AMX_ISA)
#define LF_CPU_DISPATCH_AMX(fn, ...) \
    case ::lf::cpu::Isa::amx: ::lf::cpu::amx::fn(__VA_ARGS__); break;
#else
#define LF_CPU_DISPATCH_AMX(fn, ...)
#endif
#if defined(LF_HAVE_AVX512BF16_ISA)
#define LF_CPU_DISPATCH_AVX512BF16(fn, ...) \
    case ::lf::cpu::Isa::avx512bf16: ::lf::cpu::avx512bf16::fn(__VA_ARGS__); break;
#else
#define LF_CPU_DISPATCH_AVX512BF16(fn, ...)
#endif
#if defined(LF_HAVE_X86_ISAS)
#define LF_CPU_DISPATCH(fn, ...)                                                \
    switch (::lf::cpu::selected_isa()) {                                        \
        LF_CPU_DISPATCH_AMX(fn, __VA_ARGS__)                                    \
        LF_CPU_DISPATCH_AVX512BF16(fn, __VA_ARGS__)                             \
        case ::lf::cpu::Isa::avx512: ::lf::cpu::avx512::fn(__VA_ARGS__); break; \
        case ::lf::cpu::Isa::avx2: ::lf::cpu::avx2::fn(__VA_ARGS__); break;     \
        default: ::lf::cpu::generic::fn(__VA_ARGS__); break;                    \
    }
#else
#define LF_CPU_DISPATCH(fn, ...)                                 \
    switch (::lf::cpu::selected_isa()) {                         \
        default: ::lf::cpu::generic::fn(__VA_ARGS__); break;     \
    }
#endif
