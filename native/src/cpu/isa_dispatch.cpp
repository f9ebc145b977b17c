#include "cpu/isa_dispatch.hpp"

#include <cstdlib>
#include <initializer_list>
#include <cstring>

namespace lf::cpu {
namespace {

Isa best_supported() {
#if defined(LF_HAVE_X86_ISAS)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("fma")) {
        return Isa::avx512;
    }
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return Isa::avx2;
#endif
    return Isa::generic;
}

Isa requested_or(Isa best) {
    const char* requested = std::getenv("LF_CPU_SIMD");
    if (requested == nullptr) return best;
    for (Isa isa : {Isa::generic, Isa::avx2, Isa::avx512}) {
        if (std::strcmp(requested, isa_name(isa)) == 0 && isa <= best) return isa;
    }
    return best;
}

}  // namespace

const char* isa_name(Isa isa) {
    switch (isa) {
        case Isa::avx512: return "avx512";
        case Isa::avx2: return "avx2";
        default: return "generic";
    }
}

Isa selected_isa() {
    static const Isa isa = requested_or(best_supported());
    return isa;
}

}  // namespace lf::cpu
