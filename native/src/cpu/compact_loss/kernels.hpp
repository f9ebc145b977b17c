// Compact-loss CPU kernels, one per instruction-set build, each writing every row's loss to
// row_loss [B] (the entry point reduces them) (kernel.cpp is compiled once per
// ISA into its own namespace); isa_dispatch picks one at run time.
#pragma once

#include "common/compact_loss.hpp"

namespace lf::cpu {

#define LF_DECLARE_COMPACT_LOSS_KERNEL(isa)                                 \
    namespace isa {                                                         \
    void compact_loss(const CompactLossForward& params, double* row_loss); \
    }

LF_DECLARE_COMPACT_LOSS_KERNEL(generic)
#if defined(LF_HAVE_X86_ISAS)
LF_DECLARE_COMPACT_LOSS_KERNEL(avx2)
LF_DECLARE_COMPACT_LOSS_KERNEL(avx512)
#endif

#undef LF_DECLARE_COMPACT_LOSS_KERNEL

}  // namespace lf::cpu
