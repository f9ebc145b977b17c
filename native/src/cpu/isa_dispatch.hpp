// Chooses, once per process, which instruction-set build of the CPU kernels runs.
#pragma once

namespace lf::cpu {

enum class Isa { generic, avx2, avx512 };

// The best ISA the running CPU supports among those compiled in, lowered by the environment
// variable LF_CPU_SIMD=generic|avx2|avx512 if set (never raised above what the CPU has).
Isa selected_isa();
const char* isa_name(Isa isa);

}  // namespace lf::cpu
