// Compact-loss CPU kernels, one per instruction-set build (kernel.cpp is compiled once per
// ISA into its own namespace); isa_dispatch picks one at run time. Each writes every row's loss
// to row_loss [B]; the entry point reduces them. dtype (logits and gradient): LF_DTYPE_FLOAT32 or
// LF_DTYPE_BFLOAT16, validated by the entry point.
#pragma once

#include "common/compact_loss.hpp"
#include "cpu/isa_dispatch.hpp"

namespace lf::cpu {

#define LF_DECLARE_COMPACT_LOSS_KERNEL(isa)                                               \
    namespace isa {                                                                       \
    void compact_loss(const CompactLossForward& params, int32_t dtype, double* row_loss); \
    }

LF_FOR_EACH_CPU_ISA(LF_DECLARE_COMPACT_LOSS_KERNEL)

#undef LF_DECLARE_COMPACT_LOSS_KERNEL

}  // namespace lf::cpu
