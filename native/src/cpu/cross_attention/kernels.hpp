// Cross attention CPU kernels, one set per instruction-set build (see window_attention/kernels.hpp).
#pragma once

#include "common/cross_attention.hpp"
#include "cpu/isa_dispatch.hpp"

namespace lf::cpu {

// dtype: LF_DTYPE_FLOAT32 or LF_DTYPE_BFLOAT16 (validated by the entry point).
#define LF_DECLARE_CROSS_ATTENTION_KERNELS(isa)                                    \
    namespace isa {                                                                \
    void cross_attention_fwd(const CrossAttentionForward& params, int32_t dtype);  \
    void cross_attention_bwd(const CrossAttentionBackward& params, int32_t dtype); \
    }

LF_FOR_EACH_CPU_ISA(LF_DECLARE_CROSS_ATTENTION_KERNELS)

#undef LF_DECLARE_CROSS_ATTENTION_KERNELS

}  // namespace lf::cpu
