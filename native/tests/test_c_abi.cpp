// Every error path of the C ABI: each bad argument gives its status code and a message that
// names the argument, and nothing is written. Also the informational calls.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "harness.hpp"
#include "logoformer/logoformer.h"

namespace {

// A valid window attention call (B=1, heads=2, D=4, grid 2x2x2, window 1x2x2, G=1) whose
// arguments each case breaks one at a time.
struct Call {
    int32_t device = LF_DEVICE_CPU, dtype = LF_DTYPE_FLOAT32;
    void* stream = nullptr;
    int64_t batch = 1, heads = 2, head_dim = 4, grid_f = 2, grid_h = 2, grid_w = 2, leading_tokens = 1;
    int64_t win_f = 1, win_h = 2, win_w = 2;
    float scale = 0.5f;
    std::vector<float> q = std::vector<float>(1 * 9 * 2 * 4, 0.25f), k = q, v = q, out = q, d_out = q, d_q = q,
                       d_k = q, d_v = q, lse = std::vector<float>(2 * 8, 0.0f);
    int64_t dense[4] = {9 * 2 * 4, 2 * 4, 4, 1};
    const void *q_ptr = q.data(), *k_ptr = k.data(), *v_ptr = v.data(), *d_out_ptr = d_out.data();
    void *out_ptr = out.data(), *d_q_ptr = d_q.data(), *d_k_ptr = d_k.data(), *d_v_ptr = d_v.data();
    float* lse_ptr = lse.data();
    const int64_t *q_strides = dense, *k_strides = dense, *v_strides = dense, *out_strides = dense,
                  *d_out_strides = dense, *d_q_strides = dense, *d_k_strides = dense, *d_v_strides = dense;

    lf_status forward() {
        return lf_window_attention_fwd(device, stream, dtype, batch, heads, head_dim, grid_f, grid_h, grid_w,
                                       leading_tokens, win_f, win_h, win_w, scale, q_ptr, q_strides, k_ptr,
                                       k_strides, v_ptr, v_strides, out_ptr, out_strides, lse_ptr);
    }
    lf_status backward() {
        return lf_window_attention_bwd(device, stream, dtype, batch, heads, head_dim, grid_f, grid_h, grid_w,
                                       leading_tokens, win_f, win_h, win_w, scale, q_ptr, q_strides, k_ptr,
                                       k_strides, v_ptr, v_strides, out_ptr, out_strides, lse_ptr, d_out_ptr,
                                       d_out_strides, d_q_ptr, d_q_strides, d_k_ptr, d_k_strides, d_v_ptr,
                                       d_v_strides);
    }
};

bool contains(const char* text, const char* part) { return std::strstr(text, part) != nullptr; }

// Breaks one argument, then checks both entry points (where the argument exists in both).
void expect_error(const char* what, lf_status want, const char* message_part, const std::function<void(Call&)>& breaker,
                  bool forward = true, bool backward = true) {
    for (int pass = 0; pass < 2; ++pass) {
        if ((pass == 0 && !forward) || (pass == 1 && !backward)) continue;
        Call call;
        breaker(call);
        const std::vector<float> out_before = call.out, d_q_before = call.d_q;
        const lf_status got = pass == 0 ? call.forward() : call.backward();
        const char* message = lf_last_error_message();
        const char* entry = pass == 0 ? "fwd" : "bwd";
        CHECK(got == want, "%s (%s): expected %s, got %s (%s)", what, entry, lf_status_string(want),
              lf_status_string(got), message);
        CHECK(contains(message, message_part), "%s (%s): message \"%s\" lacks \"%s\"", what, entry, message,
              message_part);
        CHECK(call.out == out_before && call.d_q == d_q_before, "%s (%s): an output was written", what, entry);
    }
}

}  // namespace

TEST(valid_call_succeeds_and_clears_the_last_error) {
    Call bad;
    bad.batch = 0;
    CHECK(bad.forward() == LF_ERROR_INVALID_ARGUMENT, "setup");
    CHECK(std::strlen(lf_last_error_message()) > 0, "an error message is set");
    Call good;
    CHECK(good.forward() == LF_OK, "forward: %s", lf_last_error_message());
    CHECK(lf_last_error_message()[0] == '\0', "message cleared: %s", lf_last_error_message());
    CHECK(good.backward() == LF_OK, "backward: %s", lf_last_error_message());
}

TEST(null_pointers_name_the_argument) {
    expect_error("q", LF_ERROR_NULL_POINTER, "q: expected a non-NULL pointer", [](Call& c) { c.q_ptr = nullptr; });
    expect_error("k", LF_ERROR_NULL_POINTER, "k: expected", [](Call& c) { c.k_ptr = nullptr; });
    expect_error("v", LF_ERROR_NULL_POINTER, "v: expected", [](Call& c) { c.v_ptr = nullptr; });
    expect_error("out", LF_ERROR_NULL_POINTER, "out: expected", [](Call& c) { c.out_ptr = nullptr; });
    expect_error("lse", LF_ERROR_NULL_POINTER, "lse: expected", [](Call& c) { c.lse_ptr = nullptr; });
    expect_error("q_strides", LF_ERROR_NULL_POINTER, "q_strides", [](Call& c) { c.q_strides = nullptr; });
    expect_error("out_strides", LF_ERROR_NULL_POINTER, "out_strides", [](Call& c) { c.out_strides = nullptr; });
    expect_error("d_out", LF_ERROR_NULL_POINTER, "d_out: expected", [](Call& c) { c.d_out_ptr = nullptr; }, false);
    expect_error("d_q", LF_ERROR_NULL_POINTER, "d_q: expected", [](Call& c) { c.d_q_ptr = nullptr; }, false);
    expect_error("d_k", LF_ERROR_NULL_POINTER, "d_k: expected", [](Call& c) { c.d_k_ptr = nullptr; }, false);
    expect_error("d_v", LF_ERROR_NULL_POINTER, "d_v: expected", [](Call& c) { c.d_v_ptr = nullptr; }, false);
    expect_error("d_v_strides", LF_ERROR_NULL_POINTER, "d_v_strides", [](Call& c) { c.d_v_strides = nullptr; },
                 false);
}

TEST(non_positive_sizes_are_rejected) {
    expect_error("batch", LF_ERROR_INVALID_ARGUMENT, "batch: expected >= 1, got 0", [](Call& c) { c.batch = 0; });
    expect_error("heads", LF_ERROR_INVALID_ARGUMENT, "heads: expected >= 1, got -3", [](Call& c) { c.heads = -3; });
    expect_error("head_dim", LF_ERROR_INVALID_ARGUMENT, "head_dim: expected >= 1", [](Call& c) { c.head_dim = 0; });
    expect_error("grid_f", LF_ERROR_INVALID_ARGUMENT, "grid_f: expected >= 1", [](Call& c) { c.grid_f = 0; });
    expect_error("grid_h", LF_ERROR_INVALID_ARGUMENT, "grid_h: expected >= 1", [](Call& c) { c.grid_h = 0; });
    expect_error("grid_w", LF_ERROR_INVALID_ARGUMENT, "grid_w: expected >= 1", [](Call& c) { c.grid_w = -1; });
    expect_error("leading_tokens", LF_ERROR_INVALID_ARGUMENT, "leading_tokens: expected >= 0, got -1",
                 [](Call& c) { c.leading_tokens = -1; });
    expect_error("win_w", LF_ERROR_INVALID_ARGUMENT, "win_w: expected >= 1", [](Call& c) { c.win_w = 0; });
}

TEST(window_not_dividing_grid_is_rejected) {
    expect_error("win_f", LF_ERROR_INVALID_ARGUMENT, "win_f: expected a divisor of grid_f = 2, got 3",
                 [](Call& c) { c.win_f = 3; });
    expect_error("win_h", LF_ERROR_INVALID_ARGUMENT, "win_h: expected a divisor of grid_h = 3, got 2",
                 [](Call& c) { c.grid_h = 3; });
}

TEST(bad_strides_are_rejected) {
    static const int64_t negative[4] = {72, 8, 4, -1};
    expect_error("negative", LF_ERROR_INVALID_ARGUMENT, "k: expected non-negative strides, got [72, 8, 4, -1]",
                 [](Call& c) { c.k_strides = negative; });
    static const int64_t overlapping[4] = {72, 8, 4, 0};  // every d writes the same element
    expect_error("overlap out", LF_ERROR_INVALID_ARGUMENT, "out: expected an output layout whose elements do not overlap",
                 [](Call& c) { c.out_strides = overlapping; }, true, false);
    expect_error("overlap d_k", LF_ERROR_INVALID_ARGUMENT, "d_k: expected an output layout",
                 [](Call& c) { c.d_k_strides = overlapping; }, false, true);
    static const int64_t broadcast[4] = {72, 8, 4, 0};  // inputs may broadcast
    Call call;
    call.v_strides = broadcast;
    call.d_out_strides = broadcast;
    CHECK(call.forward() == LF_OK && call.backward() == LF_OK, "stride-0 inputs are accepted: %s",
          lf_last_error_message());
    static const int64_t huge[4] = {std::numeric_limits<int64_t>::max() / 2, 8, 4, 1};
    expect_error("overflow", LF_ERROR_OVERFLOW, "q: element offsets overflow int64", [](Call& c) {
        c.batch = 3;
        c.q_strides = huge;
    });
}

// Element offsets that fit in int64 can still reach past the address space once counted in bytes,
// or wrap around it, aliasing batch 1 onto batch 0: 2^61 floats are 2^63 bytes, 2^62 floats wrap.
TEST(byte_offsets_past_the_address_space_are_rejected) {
    static const int64_t stride_2_61[4] = {int64_t{1} << 61, 8, 4, 1};
    static const int64_t stride_2_62[4] = {int64_t{1} << 62, 8, 4, 1};
    static const int64_t stride_2_54[4] = {int64_t{1} << 54, 8, 4, 1};  // 2^56 bytes: just past the end
    for (const int64_t* strides : {stride_2_61, stride_2_62, stride_2_54}) {
        expect_error("q bytes", LF_ERROR_OVERFLOW, "pass the end of the address space (2^56)", [&](Call& c) {
            c.batch = 2;
            c.q_strides = strides;
        });
        expect_error("out bytes", LF_ERROR_OVERFLOW, "out: sizes [2, 9, 2, 4] and strides [", [&](Call& c) {
            c.batch = 2;
            c.out_strides = strides;
        }, true, false);
        expect_error("d_v bytes", LF_ERROR_OVERFLOW, "d_v: sizes", [&](Call& c) {
            c.batch = 2;
            c.d_v_strides = strides;
        }, false, true);
    }
    expect_error("lse at the top", LF_ERROR_OVERFLOW, "lse: 16 contiguous values of 4-byte elements", [](Call& c) {
        c.lse_ptr = reinterpret_cast<float*>((uintptr_t{1} << 56) - 32);
    });
    expect_error("q wrapping", LF_ERROR_OVERFLOW, "q: sizes", [](Call& c) {
        c.q_ptr = reinterpret_cast<const void*>(~uintptr_t{0} - 64);
    });
}

TEST(size_products_that_overflow_are_rejected) {
    expect_error("grid overflow", LF_ERROR_OVERFLOW, "grid_f * grid_h * grid_w: element count", [](Call& c) {
        c.grid_f = c.grid_h = c.grid_w = int64_t(1) << 22;
        c.win_f = c.win_h = c.win_w = 1;
    });
    // 2^40 grid tokens fit, 2^10 * (1 + 2^40) * 2^12 * 4 elements per token tensor do not.
    expect_error("token elements overflow", LF_ERROR_OVERFLOW,
                 "batch * (leading_tokens + grid tokens) * heads * head_dim: element count [1024, 1099511627777, "
                 "4096, 4] overflows int64",
                 [](Call& c) {
                     c.batch = int64_t(1) << 10;
                     c.heads = int64_t(1) << 12;
                     c.grid_f = c.grid_h = int64_t(1) << 20;
                     c.grid_w = 1;
                     c.win_f = c.win_h = c.win_w = 1;
                 });
}

TEST(bad_scale_device_stream_and_dtype_are_rejected) {
    expect_error("scale", LF_ERROR_INVALID_ARGUMENT, "scale: expected a finite number", [](Call& c) { c.scale = NAN; });
    expect_error("scale inf", LF_ERROR_INVALID_ARGUMENT, "scale: expected a finite number",
                 [](Call& c) { c.scale = INFINITY; });
    expect_error("device", LF_ERROR_INVALID_ARGUMENT, "device: expected LF_DEVICE_CPU (0) or LF_DEVICE_CUDA (1), got 7",
                 [](Call& c) { c.device = 7; });
    if (lf_cuda_available()) {  // the CUDA path refuses the host pointers of this call
        expect_error("cuda", LF_ERROR_INVALID_ARGUMENT, "q: expected GPU-accessible memory",
                     [](Call& c) { c.device = LF_DEVICE_CUDA; });
    } else {  // a CPU-only build, or no GPU or driver
        expect_error("cuda", LF_ERROR_UNSUPPORTED, "LF_DEVICE_CUDA is not available",
                     [](Call& c) { c.device = LF_DEVICE_CUDA; });
    }
    static int dummy_stream;
    expect_error("stream", LF_ERROR_INVALID_ARGUMENT, "stream: expected NULL for LF_DEVICE_CPU",
                 [](Call& c) { c.stream = &dummy_stream; });
    expect_error("fp16", LF_ERROR_UNSUPPORTED,
                 "dtype: expected LF_DTYPE_FLOAT32 or LF_DTYPE_BFLOAT16 on LF_DEVICE_CPU, got 2 (float16: CUDA only)",
                 [](Call& c) { c.dtype = LF_DTYPE_FLOAT16; });
    expect_error("dtype", LF_ERROR_INVALID_ARGUMENT, "dtype: expected LF_DTYPE_FLOAT32 (0)", [](Call& c) { c.dtype = 9; });
}

TEST(informational_calls_describe_the_build) {
    CHECK(lf_version() == LF_VERSION_NUMBER, "lf_version() = %d", lf_version());
    CHECK(std::strcmp(lf_status_string(LF_OK), "LF_OK") == 0, "LF_OK");
    CHECK(std::strcmp(lf_status_string(LF_ERROR_OVERFLOW), "LF_ERROR_OVERFLOW") == 0, "overflow name");
    CHECK(std::strcmp(lf_status_string(12345), "LF_UNKNOWN_STATUS") == 0, "unknown status");
    const std::string info = lf_build_info();
    const char* cuda = LF_TEST_CUDA_BUILD ? "cuda: sm_" : "cuda: no";
    CHECK(info.find("logoformer 0.2.0") == 0 && info.find(cuda) != std::string::npos, "%s", info.c_str());
    const std::string level = lf_cpu_simd_level();
    CHECK(level == "amx" || level == "avx512bf16" || level == "avx512" || level == "avx2" || level == "generic", "%s",
          level.c_str());
    CHECK(LF_TEST_CUDA_BUILD || lf_cuda_available() == 0, "no CUDA in a CPU build");
    std::printf("  build: %s\n", info.c_str());
}

TEST_MAIN()
