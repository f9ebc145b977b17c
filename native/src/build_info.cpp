// Version and build description: what this binary was compiled with and what it selected.
#include <string>

#include "cpu/isa_dispatch.hpp"
#include "logoformer/logoformer.h"

#ifndef LF_COMPILED_ISAS
#define LF_COMPILED_ISAS "generic"
#endif

extern "C" {

LF_API int32_t lf_version(void) { return LF_VERSION_NUMBER; }

LF_API const char* lf_cpu_simd_level(void) { return lf::cpu::isa_name(lf::cpu::selected_isa()); }

LF_API int32_t lf_cuda_available(void) { return 0; }

LF_API const char* lf_build_info(void) {
    static const std::string info = std::string("logoformer ") + std::to_string(LF_VERSION_MAJOR) + "." +
                                    std::to_string(LF_VERSION_MINOR) + "." + std::to_string(LF_VERSION_PATCH) +
                                    "; cpu: " + lf_cpu_simd_level() + " (runtime-selected from " LF_COMPILED_ISAS
                                    "); openmp: yes; cuda: no";
    return info.c_str();
}

}  // extern "C"
