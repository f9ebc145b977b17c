// Global tokens CPU kernels, one set per instruction-set build (see window_attention/kernels.hpp).
#pragma once

#include "common/global_tokens.hpp"
#include "cpu/isa_dispatch.hpp"

namespace lf::cpu {

#define LF_DECLARE_GLOBAL_TOKENS_KERNELS(isa)                   \
    namespace isa {                                             \
    void global_tokens_fwd(const GlobalTokensForward& params);  \
    void global_tokens_bwd(const GlobalTokensBackward& params); \
    }

LF_FOR_EACH_CPU_ISA(LF_DECLARE_GLOBAL_TOKENS_KERNELS)

#undef LF_DECLARE_GLOBAL_TOKENS_KERNELS

}  // namespace lf::cpu
