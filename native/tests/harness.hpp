// A minimal test harness for the C++ tests (ctest runs each executable; a non-zero exit is a
// failure, 77 a skip where the test says so). TEST(name) registers a case; CHECK reports and
// counts failures; `test_x name...` runs only the named cases.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "logoformer/logoformer.h"

namespace lf_test {

struct Case {
    const char* name;
    std::function<void()> body;
};

inline std::vector<Case>& cases() {
    static std::vector<Case> all;
    return all;
}

inline int& failures() {
    static int count = 0;
    return count;
}

struct Register {
    Register(const char* name, std::function<void()> body) { cases().push_back({name, std::move(body)}); }
};

// The check that used most of its tolerance (error / bound), printed after the cases: how much
// margin the tolerances leave.
struct Margin {
    double ratio = 0;
    std::string what;
};
inline Margin& tightest() {
    static Margin margin;
    return margin;
}

inline bool extended() {
    const char* value = std::getenv("LF_EXTENDED_TESTS");
    return value != nullptr && value[0] == '1';
}

// Runs every case, or with arguments only the cases they name (an unknown name is an error:
// exit 2); exits 77 (skipped) without running any when the library refused LF_CPU_SIMD: ctest
// runs the numeric tests once per compiled SIMD level, and a level above this CPU's is refused
// (test_cpu_simd checks the refusal itself).
inline int run_all(int argc = 0, char** argv = nullptr) {
    std::vector<const Case*> selected;
    for (int i = 1; i < argc; ++i) {
        const Case* found = nullptr;
        for (const Case& c : cases()) found = std::string(c.name) == argv[i] ? &c : found;
        if (found == nullptr) {
            std::string names;
            for (const Case& c : cases()) names += std::string(names.empty() ? "" : ", ") + c.name;
            std::printf("unknown test case '%s'; this executable has: %s\n", argv[i], names.c_str());
            return 2;
        }
        selected.push_back(found);
    }
    if (selected.empty())
        for (const Case& c : cases()) selected.push_back(&c);
    const std::string level = lf_cpu_simd_level();
    if (level.rfind("refused", 0) == 0) {
        std::printf("skipped: lf_cpu_simd_level() = %s\n", level.c_str());
        return 77;
    }
    int failed_cases = 0;
    for (const Case* c : selected) {
        const int before = failures();
        c->body();
        const bool ok = failures() == before;
        failed_cases += ok ? 0 : 1;
        std::printf("[%s] %s\n", ok ? "  OK  " : " FAIL ", c->name);
    }
    if (!tightest().what.empty())
        std::printf("tightest check: error = %.3g x its bound (%s)\n", tightest().ratio, tightest().what.c_str());
    std::printf("%zu passed, %d failed\n", selected.size() - failed_cases, failed_cases);
    return failed_cases == 0 ? 0 : 1;
}

}  // namespace lf_test

#define LF_CONCAT_(a, b) a##b
#define LF_CONCAT(a, b) LF_CONCAT_(a, b)
#define TEST(name)                                                              \
    static void name();                                                         \
    static lf_test::Register LF_CONCAT(register_, name)(#name, name);           \
    static void name()

#define CHECK(condition, ...)                                                   \
    do {                                                                        \
        if (!(condition)) {                                                     \
            std::printf("  %s:%d: CHECK(%s) failed: ", __FILE__, __LINE__, #condition); \
            std::printf(__VA_ARGS__);                                           \
            std::printf("\n");                                                  \
            ++lf_test::failures();                                              \
        }                                                                       \
    } while (0)

// CHECKs error <= bound for an output `what` of a case `name` (std::string or const char*) and
// records the margin.
#define CHECK_ERROR(name, what, error, bound)                                                         \
    do {                                                                                              \
        const double lf_error_ = (error), lf_bound_ = (bound);                                        \
        const std::string lf_what_ = std::string(name) + ": " + (what);                               \
        if (lf_bound_ > 0 && lf_error_ / lf_bound_ > lf_test::tightest().ratio)                       \
            lf_test::tightest() = {lf_error_ / lf_bound_, lf_what_};                                  \
        CHECK(lf_error_ <= lf_bound_, "%s relative error %.3g > %.3g", lf_what_.c_str(), lf_error_, lf_bound_); \
    } while (0)

#define TEST_MAIN() \
    int main(int argc, char** argv) { return lf_test::run_all(argc, argv); }
