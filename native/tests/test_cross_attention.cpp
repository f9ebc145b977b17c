// Fused CPU cross attention against the float64 oracle, in float32 and bfloat16 (tolerances:
// lf_test::accuracy in strided_tensor.hpp): one key, query counts across the kernel's 128-query
// blocks, odd head dims, every layout, outputs poisoned with NaN; and its argument errors. ctest
// runs it once per SIMD build.
#include <cstring>
#include <random>
#include <string>

#include "cross_attention_reference.hpp"
#include "harness.hpp"
#include "logoformer/logoformer.h"
#include "strided_tensor.hpp"

using lf_test::Bf16;
using lf_test::CrossProblem;
using lf_test::Layout;

namespace {

constexpr Layout kLayouts[] = {Layout::dense, Layout::packed_qkv, Layout::heads_major, Layout::head_dim_strided};

template <typename T>
void run_case(const CrossProblem& p, Layout layout, uint64_t seed) {
    const std::string name = std::string(lf_test::dtype_name<T>()) + " B" + std::to_string(p.batch) + " heads" + std::to_string(p.heads) + " D" +
                             std::to_string(p.head_dim) + " Nq" + std::to_string(p.queries) + " Nk" +
                             std::to_string(p.keys) + " " + lf_test::layout_name(layout);
    std::mt19937_64 rng(seed);
    const std::vector<double> q = lf_test::random_values(p.q_elements(), 2.0, rng);
    const std::vector<double> k = lf_test::random_values(p.k_elements(), 2.0, rng);
    const std::vector<double> v = lf_test::random_values(p.k_elements(), 2.0, rng);
    const std::vector<double> d_out = lf_test::random_values(p.q_elements(), 1.0, rng);
    // q and out live in one packed buffer when the layout is packed; k and v in another.
    const auto query_side = lf_test::make_triple<T>(p.batch, p.queries, p.heads, p.head_dim, layout);
    const auto key_side = lf_test::make_triple<T>(p.batch, p.keys, p.heads, p.head_dim, layout);
    const auto query_grads = lf_test::make_triple<T>(p.batch, p.queries, p.heads, p.head_dim, layout);
    const auto key_grads = lf_test::make_triple<T>(p.batch, p.keys, p.heads, p.head_dim, layout);
    const auto& tq = query_side.q;
    const auto& tout = query_side.k;
    const auto& td_out = query_side.v;
    tq.assign(q);
    key_side.k.assign(k);
    key_side.v.assign(v);
    td_out.assign(d_out);
    std::vector<float> lse(p.batch * p.heads * p.queries, NAN);
    const float scale = static_cast<float>(p.scale);

    const lf_dtype dtype = lf_test::kDtype<T>;
    lf_status status = lf_cross_attention_fwd(LF_DEVICE_CPU, nullptr, dtype, p.batch, p.heads, p.head_dim,
                                              p.queries, p.keys, scale, tq.data(), tq.strides, key_side.k.data(),
                                              key_side.k.strides, key_side.v.data(), key_side.v.strides, tout.data(),
                                              tout.strides, lse.data());
    CHECK(status == LF_OK, "%s: forward %s: %s", name.c_str(), lf_status_string(status), lf_last_error_message());
    status = lf_cross_attention_bwd(LF_DEVICE_CPU, nullptr, dtype, p.batch, p.heads, p.head_dim, p.queries,
                                    p.keys, scale, tq.data(), tq.strides, key_side.k.data(), key_side.k.strides,
                                    key_side.v.data(), key_side.v.strides, tout.data(), tout.strides, lse.data(),
                                    td_out.data(), td_out.strides, query_grads.q.data(), query_grads.q.strides,
                                    key_grads.k.data(), key_grads.k.strides, key_grads.v.data(), key_grads.v.strides);
    CHECK(status == LF_OK, "%s: backward %s: %s", name.c_str(), lf_status_string(status), lf_last_error_message());

    const lf_test::CrossReference want = lf_test::cross_reference(p, q, k, v, d_out);
    const lf_test::CrossReference from_rounded =
        lf_test::kDtype<T> == LF_DTYPE_FLOAT32
            ? want
            : lf_test::cross_reference(p, lf_test::rounded<T>(q), lf_test::rounded<T>(k), lf_test::rounded<T>(v),
                                       lf_test::rounded<T>(d_out));
    const std::vector<double> got[] = {tout.dense(), std::vector<double>(lse.begin(), lse.end()),
                                       query_grads.q.dense(), key_grads.k.dense(), key_grads.v.dense()};
    const std::vector<double>* wants[] = {&want.out, &want.lse, &want.d_q, &want.d_k, &want.d_v};
    const std::vector<double>* rounded_wants[] = {&from_rounded.out, &from_rounded.lse, &from_rounded.d_q,
                                                  &from_rounded.d_k, &from_rounded.d_v};
    const char* what[] = {"out", "lse", "d_q", "d_k", "d_v"};
    for (int i = 0; i < 5; ++i) {
        const lf_test::Accuracy a = lf_test::accuracy<T>(got[i], *wants[i], *rounded_wants[i], i != 1);  // lse: float32
        CHECK_ERROR(name, what[i], a.error, a.bound);
    }
}

// Each case in both CPU dtypes.
void run_case(const CrossProblem& p, Layout layout, uint64_t seed) {
    run_case<float>(p, layout, seed);
    run_case<Bf16>(p, layout, seed);
}

CrossProblem problem(int64_t B, int64_t heads, int64_t D, int64_t Nq, int64_t Nk) {
    return CrossProblem{B, heads, D, Nq, Nk, 1.0 / std::sqrt(static_cast<double>(D))};
}

}  // namespace

TEST(single_key_gives_its_value) { run_case(problem(2, 3, 17, 5, 1), Layout::dense, 1); }

TEST(queries_spanning_several_blocks) {
    run_case(problem(1, 2, 64, 130, 9), Layout::packed_qkv, 2);
    run_case(problem(2, 1, 20, 257, 33), Layout::heads_major, 3);
}

TEST(every_layout_with_odd_sizes) {
    uint64_t seed = 10;
    for (Layout layout : kLayouts) run_case(problem(2, 2, 7, 13, 6), layout, seed++);
}

TEST(logoformer_shape_cls_and_grid_over_pooled_tokens_and_cls) {
    run_case(problem(1, 2, 64, 1 + 16 * 7 * 7, 1 + 8), Layout::packed_qkv, 20);
}

TEST(argument_errors_name_the_argument) {
    std::vector<float> buffer(64, 0.0f), lse(16, 0.0f);
    const int64_t strides[4] = {16, 4, 4, 1};
    const int64_t overlapping[4] = {16, 4, 4, 0};
    struct Case {
        const char* want;
        lf_status status;
        int64_t queries, keys;
        const void* q;
        const int64_t* out_strides;
        int32_t device;
    } cases[] = {
        {"queries: expected >= 1, got 0", LF_ERROR_INVALID_ARGUMENT, 0, 4, buffer.data(), strides, LF_DEVICE_CPU},
        {"keys: expected >= 1, got -2", LF_ERROR_INVALID_ARGUMENT, 4, -2, buffer.data(), strides, LF_DEVICE_CPU},
        {"q: expected a non-NULL pointer", LF_ERROR_NULL_POINTER, 4, 4, nullptr, strides, LF_DEVICE_CPU},
        {"out: expected an output layout", LF_ERROR_INVALID_ARGUMENT, 4, 4, buffer.data(), overlapping, LF_DEVICE_CPU},
        // Host pointers on LF_DEVICE_CUDA: refused as such where a GPU is usable.
        lf_cuda_available() ? Case{"q: expected GPU-accessible memory", LF_ERROR_INVALID_ARGUMENT, 4, 4, buffer.data(),
                                   strides, LF_DEVICE_CUDA}
                            : Case{"LF_DEVICE_CUDA is not available", LF_ERROR_UNSUPPORTED, 4, 4, buffer.data(), strides,
                                   LF_DEVICE_CUDA},
    };
    for (const Case& c : cases) {
        const lf_status got = lf_cross_attention_fwd(c.device, nullptr, LF_DTYPE_FLOAT32, 1, 1, 4, c.queries, c.keys,
                                                     0.5f, c.q, strides, buffer.data(), strides, buffer.data(),
                                                     strides, buffer.data(), c.out_strides, lse.data());
        CHECK(got == c.status && std::strstr(lf_last_error_message(), c.want) != nullptr,
              "expected %s with \"%s\", got %s \"%s\"", lf_status_string(c.status), c.want, lf_status_string(got),
              lf_last_error_message());
    }
}

TEST(extended_random_sweep) {
    if (!lf_test::extended()) return;
    std::mt19937_64 rng(99);
    const auto pick = [&](int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); };
    for (int i = 0; i < 30; ++i)
        run_case(problem(pick(1, 3), pick(1, 3), pick(1, 70), pick(1, 300), pick(1, 40)), kLayouts[pick(0, 3)], 500 + i);
}

TEST_MAIN()
