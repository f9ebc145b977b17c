// CPU timing of the fused window attention through the C ABI, float32 and bfloat16, forward and
// backward, at the design shapes: B = 8, a 16x7x7 grid plus one CLS token, 8 heads x 64, windows
// 2x7x7 (98 tokens) and 4x7x7 (196), q/k/v slices of one packed [B, T, 3, heads, D] projection.
// Built with the library, never run by ctest. The SIMD level is the library's choice, or
// LF_CPU_SIMD's (run once per level to compare, e.g. LF_CPU_SIMD=avx512 for the amx machine's
// fallback).
//
//   bench_window_attention_cpu [rounds [threads...]]      default: 7 rounds, 1 thread and all
//
// Each round times every variant once (interleaved, so that a load change hits all alike), each
// time for at least 0.2 s of calls; the table shows the median and best round per call. GFLOP/s
// count the matrix products only: forward 4 L Lk D per (batch, head, window) task with L window
// queries and Lk = L + 1 keys, backward 10 L Lk D (its five products, FlashAttention's 2.5x).
// "per core cpu" divides by CPU time instead of wall time: with one thread the calling thread's,
// which other processes on a busy machine do not inflate; with more, the process's.
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "logoformer/logoformer.h"

namespace {

constexpr int64_t kBatch = 8, kHeads = 8, kDim = 64, kFrames = 16, kHeight = 7, kWidth = 7, kLeading = 1;
constexpr int64_t kTokens = kLeading + kFrames * kHeight * kWidth;
constexpr double kMinSeconds = 0.2;

double seconds(clockid_t clock) {
    timespec t{};
    clock_gettime(clock, &t);
    return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

uint16_t to_bf16(float x) {
    uint32_t u;
    std::memcpy(&u, &x, 4);
    return static_cast<uint16_t>((u + 0x7fffu + ((u >> 16) & 1u)) >> 16);
}

// The tensors of one dtype: packed q/k/v, out, lse, d_out and the three gradients.
struct Buffers {
    int32_t dtype;
    size_t element_bytes;
    std::vector<unsigned char> qkv, out, d_out, d_q, d_k, d_v;
    std::vector<float> lse;

    Buffers(int32_t type, std::mt19937& rng) : dtype(type), element_bytes(type == LF_DTYPE_FLOAT32 ? 4 : 2) {
        const size_t elements = static_cast<size_t>(kBatch * kTokens * kHeads * kDim);
        qkv = random_bytes(3 * elements, rng);
        d_out = random_bytes(elements, rng);
        out.assign(elements * element_bytes, 0);
        d_q = d_k = d_v = out;
        lse.assign(static_cast<size_t>(kBatch * kHeads * (kTokens - kLeading)), 0.0f);
    }

    std::vector<unsigned char> random_bytes(size_t elements, std::mt19937& rng) const {
        std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
        std::vector<unsigned char> bytes(elements * element_bytes);
        for (size_t i = 0; i < elements; ++i) {
            const float x = uniform(rng);
            if (dtype == LF_DTYPE_FLOAT32) {
                std::memcpy(&bytes[4 * i], &x, 4);
            } else {
                const uint16_t h = to_bf16(x);
                std::memcpy(&bytes[2 * i], &h, 2);
            }
        }
        return bytes;
    }
    const void* slot(int index) const { return qkv.data() + index * kHeads * kDim * element_bytes; }
};

struct Variant {
    std::string name;
    double flops;
    int threads;
    std::function<lf_status()> call;
    std::vector<double> wall, cpu;  // seconds per call, one entry per round
};

void check(lf_status status, const std::string& what) {
    if (status != LF_OK) {
        std::fprintf(stderr, "%s: %s: %s\n", what.c_str(), lf_status_string(status), lf_last_error_message());
        std::exit(1);
    }
}

void time_round(Variant& v) {
    omp_set_num_threads(v.threads);
    check(v.call(), v.name);  // warm: scratch, caches, thread team
    const clockid_t cpu_clock = v.threads == 1 ? CLOCK_THREAD_CPUTIME_ID : CLOCK_PROCESS_CPUTIME_ID;
    const double wall0 = seconds(CLOCK_MONOTONIC), cpu0 = seconds(cpu_clock);
    int64_t calls = 0;
    do {
        check(v.call(), v.name);
        ++calls;
    } while (seconds(CLOCK_MONOTONIC) - wall0 < kMinSeconds);
    const double per_call = 1.0 / static_cast<double>(calls);
    v.wall.push_back((seconds(CLOCK_MONOTONIC) - wall0) * per_call);
    v.cpu.push_back((seconds(cpu_clock) - cpu0) * per_call / v.threads);
}

double median(std::vector<double> x) {
    std::sort(x.begin(), x.end());
    return x[x.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    const int rounds = argc > 1 ? std::atoi(argv[1]) : 7;
    std::vector<int> thread_counts;
    for (int i = 2; i < argc; ++i) thread_counts.push_back(std::atoi(argv[i]));
    if (thread_counts.empty()) thread_counts = {1, omp_get_max_threads()};
    if (rounds < 1 || std::any_of(thread_counts.begin(), thread_counts.end(), [](int t) { return t < 1; })) {
        std::fprintf(stderr, "usage: bench_window_attention_cpu [rounds >= 1 [threads >= 1 ...]]\n");
        return 2;
    }
    std::printf("%s\nB=%lld, grid %lldx%lldx%lld + %lld CLS, %lld heads x %lld, packed qkv; %d rounds\n",
                lf_build_info(), static_cast<long long>(kBatch), static_cast<long long>(kFrames),
                static_cast<long long>(kHeight), static_cast<long long>(kWidth), static_cast<long long>(kLeading),
                static_cast<long long>(kHeads), static_cast<long long>(kDim), rounds);

    std::mt19937 rng(7);
    Buffers f32(LF_DTYPE_FLOAT32, rng), bf16(LF_DTYPE_BFLOAT16, rng);
    const int64_t packed[4] = {kTokens * 3 * kHeads * kDim, 3 * kHeads * kDim, kDim, 1};
    const int64_t dense[4] = {kTokens * kHeads * kDim, kHeads * kDim, kDim, 1};
    const float scale = 1.0f / std::sqrt(static_cast<float>(kDim));
    std::vector<Variant> variants;
    for (int64_t window_frames : {2, 4}) {
        const int64_t L = window_frames * kHeight * kWidth, Lk = L + kLeading;
        const double tasks = static_cast<double>(kBatch * kHeads * (kFrames / window_frames));
        for (Buffers* b : {&f32, &bf16}) {
            Buffers& x = *b;
            const auto forward = [&x, window_frames, &packed, &dense, scale] {
                return lf_window_attention_fwd(LF_DEVICE_CPU, nullptr, x.dtype, kBatch, kHeads, kDim, kFrames, kHeight,
                                               kWidth, kLeading, window_frames, kHeight, kWidth, scale, x.slot(0),
                                               packed, x.slot(1), packed, x.slot(2), packed, x.out.data(), dense,
                                               x.lse.data());
            };
            check(forward(), "forward");  // out and lse for the backward
            const auto backward = [&x, window_frames, &packed, &dense, scale] {
                return lf_window_attention_bwd(
                    LF_DEVICE_CPU, nullptr, x.dtype, kBatch, kHeads, kDim, kFrames, kHeight, kWidth, kLeading,
                    window_frames, kHeight, kWidth, scale, x.slot(0), packed, x.slot(1), packed, x.slot(2), packed,
                    x.out.data(), dense, x.lse.data(), x.d_out.data(), dense, x.d_q.data(), dense, x.d_k.data(),
                    dense, x.d_v.data(), dense);
            };
            const std::string dtype = x.dtype == LF_DTYPE_FLOAT32 ? "float32" : "bfloat16";
            const std::string window = std::to_string(window_frames) + "x7x7";
            for (int threads : thread_counts) {
                const std::string suffix = " " + dtype + " window " + window + " threads " + std::to_string(threads);
                variants.push_back({"forward " + suffix, 4.0 * L * Lk * kDim * tasks, threads, forward, {}, {}});
                variants.push_back({"backward" + suffix, 10.0 * L * Lk * kDim * tasks, threads, backward, {}, {}});
            }
        }
    }
    for (int r = 0; r < rounds; ++r)
        for (Variant& v : variants) time_round(v);

    std::printf("%-45s %10s %10s %10s %12s\n", "variant", "median ms", "best ms", "GFLOP/s", "per core cpu");
    for (const Variant& v : variants) {
        const double best = *std::min_element(v.wall.begin(), v.wall.end());
        std::printf("%-45s %10.3f %10.3f %10.1f %12.1f\n", v.name.c_str(), 1e3 * median(v.wall), 1e3 * best,
                    1e-9 * v.flops / median(v.wall), 1e-9 * v.flops / median(v.cpu) / v.threads);
    }
    return 0;
}
