#include "cpu/isa_dispatch.hpp"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#if defined(LF_HAVE_AMX_ISA)
#include <cpuid.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#include "common/checks.hpp"
#include "common/error.hpp"

namespace lf::cpu {
namespace {

#if defined(LF_HAVE_X86_ISAS)
bool avx512_supported() {
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
           __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("fma");
}
#endif

#if defined(LF_HAVE_AVX512BF16_ISA)
bool avx512bf16_supported() { return avx512_supported() && __builtin_cpu_supports("avx512bf16"); }
#endif

#if defined(LF_HAVE_AMX_ISA)
// AMX-BF16 tiles usable by this process: the CPU has AMX-TILE, AMX-BF16 and AVX512-BF16; the OS
// saves the AVX-512 and tile state (XCR0 bits 1-2, 5-7, 17-18); and Linux grants this process the
// tile data (arch_prctl ARCH_REQ_XCOMP_PERM, kernel 5.16 and later; the grant is process-wide and
// idempotent, so threads that exist already may use tiles too). Without the grant a tile
// instruction kills the process with SIGILL, so any failure here means no amx level.
bool amx_usable() {
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (!__get_cpuid(1, &a, &b, &c, &d) || (c & bit_OSXSAVE) == 0) return false;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
    const bool amx_tile = (d >> 24) & 1u, amx_bf16 = (d >> 22) & 1u;
    if (!__get_cpuid_count(7, 1, &a, &b, &c, &d)) return false;
    const bool avx512_bf16 = (a >> 5) & 1u;
    if (!amx_tile || !amx_bf16 || !avx512_bf16) return false;
    unsigned xcr0_low = 0, xcr0_high = 0;
    __asm__ volatile("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    const uint64_t xcr0 = (static_cast<uint64_t>(xcr0_high) << 32) | xcr0_low;
    const uint64_t needed = (3u << 1) | (7u << 5) | (3u << 17);
    if ((xcr0 & needed) != needed) return false;
    constexpr int kGetSupported = 0x1021, kRequestPermission = 0x1023, kTileData = 18;  // <asm/prctl.h>
    unsigned long supported = 0;
    if (syscall(SYS_arch_prctl, kGetSupported, &supported) != 0 || ((supported >> kTileData) & 1u) == 0) return false;
    return syscall(SYS_arch_prctl, kRequestPermission, kTileData) == 0;
}
#endif

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
    {Isa::avx512, "avx512", avx512_supported},
#endif
#if defined(LF_HAVE_AVX512BF16_ISA)
    {Isa::avx512bf16, "avx512bf16", avx512bf16_supported},
#endif
#if defined(LF_HAVE_AMX_ISA)
    {Isa::amx, "amx", [] { return avx512bf16_supported() && amx_usable(); }},
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
