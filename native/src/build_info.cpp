// Version and build description: what this binary was compiled with and what it selected.
#include <string>

#include "cpu/isa_dispatch.hpp"
#include "cuda/common/device.hpp"
#include "logoformer/logoformer.h"

#ifndef LF_COMPILED_ISAS
#define LF_COMPILED_ISAS "generic"
#endif

namespace {

// "cuda: sm_80,sm_90 (runtime 13.0, static)", or "cuda: no" for a CPU-only build.
std::string cuda_build_info() {
#if defined(LF_HAVE_CUDA)
    return std::string("cuda: ") + LF_CUDA_ARCHS + " (runtime " + lf::cuda::runtime_version() + ", static)";
#else
    return "cuda: no";
#endif
}

}  // namespace

extern "C" {

LF_API int32_t lf_version(void) { return LF_VERSION_NUMBER; }

LF_API const char* lf_cpu_simd_level(void) {
    static const std::string level = lf::cpu::isa_refusal() != nullptr
                                         ? std::string("refused (") + lf::cpu::isa_refusal() + ")"
                                         : std::string(lf::cpu::isa_name(lf::cpu::selected_isa()));
    return level.c_str();
}

LF_API int32_t lf_cuda_available(void) {
#if defined(LF_HAVE_CUDA)
    return lf::cuda::usable_device_count() > 0 ? 1 : 0;
#else
    return 0;
#endif
}

LF_API const char* lf_build_info(void) {
    const char* levels = lf::cpu::isa_refusal() != nullptr ? " (compiled: " : " (runtime-selected from ";
    static const std::string info = std::string("logoformer ") + std::to_string(LF_VERSION_MAJOR) + "." +
                                    std::to_string(LF_VERSION_MINOR) + "." + std::to_string(LF_VERSION_PATCH) +
                                    "; cpu: " + lf_cpu_simd_level() + levels + LF_COMPILED_ISAS +
                                    "); openmp: yes; " + cuda_build_info();
    return info.c_str();
}

}  // extern "C"
