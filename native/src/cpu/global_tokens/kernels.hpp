// Global tokens CPU kernels, one set per instruction-set build (see window_attention/kernels.hpp).
#pragma once

#include "common/global_tokens.hpp"

namespace lf::cpu {

#define LF_DECLARE_GLOBAL_TOKENS_KERNELS(isa)                      \
    namespace isa {                                                \
    void global_tokens_fwd(const GlobalTokensForward& params);   \
    void global_tokens_bwd(const GlobalTokensBackward& params);  \
    }

LF_DECLARE_GLOBAL_TOKENS_KERNELS(generic)
#if defined(LF_HAVE_X86_ISAS)
LF_DECLARE_GLOBAL_TOKENS_KERNELS(avx2)
LF_DECLARE_GLOBAL_TOKENS_KERNELS(avx512)
#endif

#undef LF_DECLARE_GLOBAL_TOKENS_KERNELS

}  // namespace lf::cpu
