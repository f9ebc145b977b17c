// Qualifiers of the small functions both backends share (the shapes' index arithmetic, the
// tensor views' accessors): host and device functions under nvcc, plain C++ elsewhere.
//
// LF_INLINE forces inlining. The CPU kernels are compiled once per ISA (cmake/CpuKernels.cmake)
// and call these functions, which live outside the ISA's namespace: a copy that the compiler
// chose to emit out of line would be a weak symbol that the linker may merge across the ISA
// builds, handing AVX-512 code to the portable path. Forced inline, these few-instruction
// functions never appear in the per-ISA objects; the ctest isa_isolation_<isa> checks it.
#pragma once

#if defined(__CUDACC__)
#define LF_HOST_DEVICE __host__ __device__
#define LF_INLINE __forceinline__
#else
#define LF_HOST_DEVICE
#define LF_INLINE inline __attribute__((always_inline))
#endif
