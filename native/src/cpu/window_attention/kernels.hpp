// Window attention CPU kernels, one set per instruction-set build (kernel.cpp is compiled
// once per ISA into its own namespace); isa_dispatch picks one at run time.
#pragma once

#include "common/window_attention.hpp"

namespace lf::cpu {

#define LF_DECLARE_WINDOW_ATTENTION_KERNELS(isa)                       \
    namespace isa {                                                    \
    void window_attention_fwd(const WindowAttentionForward& params);  \
    void window_attention_bwd(const WindowAttentionBackward& params); \
    }

LF_DECLARE_WINDOW_ATTENTION_KERNELS(generic)
#if defined(LF_HAVE_X86_ISAS)
LF_DECLARE_WINDOW_ATTENTION_KERNELS(avx2)
LF_DECLARE_WINDOW_ATTENTION_KERNELS(avx512)
#endif

#undef LF_DECLARE_WINDOW_ATTENTION_KERNELS

}  // namespace lf::cpu
