// LF_CPU_SIMD, read once per process: a compiled level not above the CPU's lowers the CPU
// kernels' choice; any other non-empty value is refused, so that every CPU call (one of each
// entry point here) fails with LF_ERROR_INVALID_ARGUMENT and the message, and
// lf_cpu_simd_level() and lf_build_info() say so. ctest runs this with LF_CPU_SIMD set:
//   test_cpu_simd refused     the value must be refused;
//   test_cpu_simd above_cpu   the value (the highest compiled level) must be refused, unless this
//                             CPU has that level: then nothing is too high here (exit 77: skipped);
//   test_cpu_simd accepted    the value must be the level the kernels run, and every call works.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "harness.hpp"
#include "logoformer/logoformer.h"

namespace {

// One small valid call of every CPU entry point: its status and message.
struct Outcome {
    const char* call;
    lf_status status;
    std::string message;
};

std::vector<Outcome> call_every_entry_point() {
    std::vector<Outcome> outcomes;
    const auto record = [&](const char* call, lf_status status) {
        outcomes.push_back({call, status, lf_last_error_message()});
    };
    const int32_t cpu = LF_DEVICE_CPU, f32 = LF_DTYPE_FLOAT32;
    // Window attention: B = heads = 1, D = 2, grid 1x1x2 in one window, one leading token: T = 3.
    // lse: 2 values for the window call, 3 for the cross attention call below.
    std::vector<float> q(6, 0.5f), out(6), lse(3), d_q(6), d_k(6), d_v(6);
    const int64_t tokens[4] = {6, 2, 2, 1};
    record("lf_window_attention_fwd",
           lf_window_attention_fwd(cpu, nullptr, f32, 1, 1, 2, 1, 1, 2, 1, 1, 1, 2, 0.5f, q.data(), tokens, q.data(),
                                   tokens, q.data(), tokens, out.data(), tokens, lse.data()));
    record("lf_window_attention_bwd",
           lf_window_attention_bwd(cpu, nullptr, f32, 1, 1, 2, 1, 1, 2, 1, 1, 1, 2, 0.5f, q.data(), tokens, q.data(),
                                   tokens, q.data(), tokens, out.data(), tokens, lse.data(), q.data(), tokens,
                                   d_q.data(), tokens, d_k.data(), tokens, d_v.data(), tokens));
    // Cross attention: 3 queries over 3 keys, the same buffers.
    record("lf_cross_attention_fwd",
           lf_cross_attention_fwd(cpu, nullptr, f32, 1, 1, 2, 3, 3, 0.5f, q.data(), tokens, q.data(), tokens, q.data(),
                                  tokens, out.data(), tokens, lse.data()));
    record("lf_cross_attention_bwd",
           lf_cross_attention_bwd(cpu, nullptr, f32, 1, 1, 2, 3, 3, 0.5f, q.data(), tokens, q.data(), tokens, q.data(),
                                  tokens, out.data(), tokens, lse.data(), q.data(), tokens, d_q.data(), tokens,
                                  d_k.data(), tokens, d_v.data(), tokens));
    // Global tokens: B = 1, C = 2, grid 1x1x2 pooled into one token.
    std::vector<float> x(4, 0.5f), weight(4, 0.25f), vec(2, 1.0f), pooled(2), stats(2), d_x(4), d_weight(4), d_vec(6);
    const int64_t x_strides[3] = {4, 2, 1}, weight_strides[4] = {2, 2, 2, 1}, pooled_strides[3] = {2, 2, 1};
    record("lf_global_tokens_fwd",
           lf_global_tokens_fwd(cpu, nullptr, f32, 1, 2, 1, 1, 2, 1, 1, 2, 1e-5f, x.data(), x_strides, weight.data(),
                                weight_strides, vec.data(), 1, vec.data(), 1, vec.data(), 1, pooled.data(),
                                pooled_strides, &stats[0], &stats[1]));
    record("lf_global_tokens_bwd",
           lf_global_tokens_bwd(cpu, nullptr, f32, 1, 2, 1, 1, 2, 1, 1, 2, 1e-5f, x.data(), x_strides, weight.data(),
                                weight_strides, vec.data(), 1, vec.data(), 1, &stats[0], &stats[1], vec.data(),
                                pooled_strides, d_x.data(), x_strides, d_weight.data(), weight_strides, &d_vec[0], 1,
                                &d_vec[2], 1, &d_vec[4], 1));
    // Compact loss: one row of 3 classes.
    const float logits[3] = {1.0f, 2.0f, 3.0f};
    const int64_t logits_strides[2] = {3, 1}, target = 2;
    float loss = 0.0f;
    record("lf_compact_loss_fwd", lf_compact_loss_fwd(cpu, nullptr, f32, 1, 3, 0.5f, LF_REDUCTION_MEAN, logits,
                                                      logits_strides, &target, 1, &loss, nullptr, nullptr));
    return outcomes;
}

// The compiled levels, lowest first, from "generic,avx2,avx512".
std::vector<std::string> compiled_levels() {
    std::vector<std::string> levels;
    std::string list = LF_TEST_CPU_LEVELS;
    for (size_t start = 0; start <= list.size();) {
        const size_t end = list.find(',', start) == std::string::npos ? list.size() : list.find(',', start);
        levels.push_back(list.substr(start, end - start));
        start = end + 1;
    }
    return levels;
}

// The refusal message for `requested` on a CPU whose best compiled level is `best`.
std::string refusal(const std::string& requested, const std::string& best) {
    std::string names;
    for (const std::string& level : compiled_levels()) names += (names.empty() ? "" : ", ") + level;
    return "LF_CPU_SIMD: expected one of " + names + " not above what this CPU supports (" + best + "), got '" +
           requested + "'";
}

// The refusal of `requested` (for the CPU's best level, whichever that is) in lf_cpu_simd_level(),
// in lf_build_info() and in the status and message of every call.
void expect_refused(const std::string& requested) {
    const std::string level = lf_cpu_simd_level();
    std::string message;
    for (const std::string& best : compiled_levels()) {
        const std::string candidate = refusal(requested, best);
        if (best != requested && level == "refused (" + candidate + ")") message = candidate;
    }
    CHECK(!message.empty(), "lf_cpu_simd_level() = \"%s\", expected \"refused (%s)\" with X the CPU's level",
          level.c_str(), refusal(requested, "X").c_str());
    for (const Outcome& o : call_every_entry_point()) {
        CHECK(o.status == LF_ERROR_INVALID_ARGUMENT && o.message == message, "%s: %s \"%s\"", o.call,
              lf_status_string(o.status), o.message.c_str());
    }
    const std::string info = lf_build_info();
    CHECK(info.find("; cpu: " + level + " (compiled: ") != std::string::npos, "lf_build_info() = %s", info.c_str());
    std::printf("  %s\n", info.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    const char* requested = std::getenv("LF_CPU_SIMD");
    const std::string mode = argc > 1 ? argv[1] : "";
    if (requested == nullptr || (mode != "refused" && mode != "above_cpu" && mode != "accepted")) {
        std::printf("usage: LF_CPU_SIMD=<value> test_cpu_simd refused|above_cpu|accepted\n");
        return 2;
    }
    if (mode == "above_cpu" && std::string(lf_cpu_simd_level()) == requested) {
        std::printf("skipped: this CPU supports %s, so no compiled level is above it\n", requested);
        return 77;
    }
    if (mode == "accepted") {
        CHECK(std::string(lf_cpu_simd_level()) == requested, "lf_cpu_simd_level() = %s, expected %s",
              lf_cpu_simd_level(), requested);
        for (const Outcome& o : call_every_entry_point())
            CHECK(o.status == LF_OK, "%s: %s %s", o.call, lf_status_string(o.status), o.message.c_str());
    } else {
        expect_refused(requested);
    }
    std::printf("%s with LF_CPU_SIMD='%s': %s\n", mode.c_str(), requested, lf_test::failures() ? "FAIL" : "OK");
    return lf_test::failures() == 0 ? 0 : 1;
}
