// Compact-loss CPU kernels, one per instruction-set build (kernel.cpp is compiled once per
// ISA into its own namespace); isa_dispatch picks one at run time.
#pragma once

#include "cpu/compact_loss/params.hpp"

namespace lf::cpu {

#define LF_DECLARE_COMPACT_LOSS_KERNEL(isa) \
    namespace isa {                         \
    void compact_loss(const CompactLossParams& params); \
    }

LF_DECLARE_COMPACT_LOSS_KERNEL(generic)
#if defined(LF_HAVE_X86_ISAS)
LF_DECLARE_COMPACT_LOSS_KERNEL(avx2)
LF_DECLARE_COMPACT_LOSS_KERNEL(avx512)
#endif

#undef LF_DECLARE_COMPACT_LOSS_KERNEL

}  // namespace lf::cpu
