#include "cpu/isa_dispatch.hpp"

#include <cstdlib>
#include <cstring>
#include <string>

#include "common/checks.hpp"
#include "common/error.hpp"

namespace lf::cpu {
namespace {

// The compiled levels, lowest first, each with the test of the CPU features its build uses.
struct Level {
    Isa isa;
    const char* name;
    bool (*supported)();
};

const Level kLevels[] = {
    {Isa::generic, "generic", [] { return true; }},
#if defined(LF_HAVE_X86_ISAS)
    {Isa::avx2, "avx2", [] { return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"); }},
    {Isa::avx512, "avx512",
     [] {
         return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
                __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
                __builtin_cpu_supports("fma");
     }},
#endif
};

struct Selection {
    Isa isa;
    std::string refusal;  // empty: LF_CPU_SIMD unset, empty or accepted
};

Selection select() {
#if defined(LF_HAVE_X86_ISAS)
    __builtin_cpu_init();
#endif
    const Level* best = &kLevels[0];
    for (const Level& level : kLevels) {
        if (level.supported()) best = &level;
    }
    const char* requested = std::getenv("LF_CPU_SIMD");
    if (requested == nullptr || requested[0] == '\0') return {best->isa, ""};
    std::string names;
    for (const Level& level : kLevels) {
        if (std::strcmp(requested, level.name) == 0 && level.isa <= best->isa) return {level.isa, ""};
        names += (names.empty() ? "" : ", ") + std::string(level.name);
    }
    return {best->isa,
            check::expected("LF_CPU_SIMD",
                            "one of " + names + " not above what this CPU supports (" + best->name + ")",
                            "'" + std::string(requested) + "'")};
}

const Selection& selection() {
    static const Selection chosen = select();
    return chosen;
}

}  // namespace

const char* isa_name(Isa isa) {
    for (const Level& level : kLevels) {
        if (level.isa == isa) return level.name;
    }
    return "unknown";
}

Isa selected_isa() {
    const Selection& chosen = selection();
    if (!chosen.refusal.empty()) throw Error(LF_ERROR_INVALID_ARGUMENT, chosen.refusal);
    return chosen.isa;
}

const char* isa_refusal() noexcept {
    const Selection& chosen = selection();
    return chosen.refusal.empty() ? nullptr : chosen.refusal.c_str();
}

}  // namespace lf::cpu
