// Window attention CPU kernels, one set per instruction-set build (kernel.cpp is compiled
// once per ISA into its own namespace); isa_dispatch picks one at run time.
#pragma once

#include "common/window_attention.hpp"
#include "cpu/isa_dispatch.hpp"

namespace lf::cpu {

// dtype: LF_DTYPE_FLOAT32 or LF_DTYPE_BFLOAT16 (validated by the entry point).
#define LF_DECLARE_WINDOW_ATTENTION_KERNELS(isa)                                     \
    namespace isa {                                                                  \
    void window_attention_fwd(const WindowAttentionForward& params, int32_t dtype);  \
    void window_attention_bwd(const WindowAttentionBackward& params, int32_t dtype); \
    }

LF_FOR_EACH_CPU_ISA(LF_DECLARE_WINDOW_ATTENTION_KERNELS)

#undef LF_DECLARE_WINDOW_ATTENTION_KERNELS

}  // namespace lf::cpu
