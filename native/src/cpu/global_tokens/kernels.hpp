// Global tokens CPU kernels, one set per instruction-set build (see window_attention/kernels.hpp).
#pragma once

#include "common/global_tokens.hpp"
#include "cpu/isa_dispatch.hpp"

namespace lf::cpu {

// dtype: LF_DTYPE_FLOAT32 or LF_DTYPE_BFLOAT16 (validated by the entry point).
#define LF_DECLARE_GLOBAL_TOKENS_KERNELS(isa)                                  \
    namespace isa {                                                            \
    void global_tokens_fwd(const GlobalTokensForward& params, int32_t dtype);  \
    void global_tokens_bwd(const GlobalTokensBackward& params, int32_t dtype); \
    }

LF_FOR_EACH_CPU_ISA(LF_DECLARE_GLOBAL_TOKENS_KERNELS)

#undef LF_DECLARE_GLOBAL_TOKENS_KERNELS

}  // namespace lf::cpu
