// Cross attention CPU kernels, one set per instruction-set build (see window_attention/kernels.hpp).
#pragma once

#include "common/cross_attention.hpp"

namespace lf::cpu {

#define LF_DECLARE_CROSS_ATTENTION_KERNELS(isa)                       \
    namespace isa {                                                   \
    void cross_attention_fwd(const CrossAttentionForward& params);  \
    void cross_attention_bwd(const CrossAttentionBackward& params); \
    }

LF_DECLARE_CROSS_ATTENTION_KERNELS(generic)
#if defined(LF_HAVE_X86_ISAS)
LF_DECLARE_CROSS_ATTENTION_KERNELS(avx2)
LF_DECLARE_CROSS_ATTENTION_KERNELS(avx512)
#endif

#undef LF_DECLARE_CROSS_ATTENTION_KERNELS

}  // namespace lf::cpu
