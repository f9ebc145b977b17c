// Chooses, once per process, which instruction-set build of the CPU kernels runs.
#pragma once

namespace lf::cpu {

enum class Isa { generic, avx2, avx512 };

// The best ISA the running CPU supports among those compiled in, lowered by the environment
// variable LF_CPU_SIMD=generic|avx2|avx512 if set (never raised above what the CPU has).
Isa selected_isa();
const char* isa_name(Isa isa);

}  // namespace lf::cpu

// Calls lf::cpu::<isa>::fn(args...) for the selected ISA.
#if defined(LF_HAVE_X86_ISAS)
#define LF_CPU_DISPATCH(fn, ...)                                                    \
    switch (::lf::cpu::selected_isa()) {                                            \
        case ::lf::cpu::Isa::avx512: ::lf::cpu::avx512::fn(__VA_ARGS__); break;     \
        case ::lf::cpu::Isa::avx2: ::lf::cpu::avx2::fn(__VA_ARGS__); break;         \
        default: ::lf::cpu::generic::fn(__VA_ARGS__); break;                        \
    }
#else
#define LF_CPU_DISPATCH(fn, ...) ::lf::cpu::generic::fn(__VA_ARGS__);
#endif
