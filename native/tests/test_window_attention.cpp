// Fused CPU window attention against the float64 oracle: odd grids and windows, D not a
// multiple of 16, G = 0, 1, 2, every input/output layout, outputs poisoned with NaN.
// LF_EXTENDED_TESTS=1 adds a seeded random sweep. ctest runs this once per SIMD build.
#include <cstdio>
#include <random>
#include <string>

#include "harness.hpp"
#include "logoformer/logoformer.h"
#include "strided_tensor.hpp"
#include "window_attention_reference.hpp"

using lf_test::Layout;
using lf_test::StridedTensor;
using lf_test::WindowProblem;

namespace {

constexpr double kTolerance = 1e-5;  // DESIGN.md 8: fp32 kernel vs fp64 oracle, relative

void run_case(const WindowProblem& p, Layout in_layout, Layout out_layout, uint64_t seed) {
    const std::string name = "B" + std::to_string(p.batch) + " heads" + std::to_string(p.heads) + " D" +
                             std::to_string(p.head_dim) + " grid " + std::to_string(p.grid[0]) + "x" +
                             std::to_string(p.grid[1]) + "x" + std::to_string(p.grid[2]) + " window " +
                             std::to_string(p.window[0]) + "x" + std::to_string(p.window[1]) + "x" +
                             std::to_string(p.window[2]) + " G" + std::to_string(p.leading_tokens) + " in " +
                             lf_test::layout_name(in_layout) + " out " + lf_test::layout_name(out_layout);
    std::mt19937_64 rng(seed);
    const lf_test::Triple in = lf_test::make_triple(p.batch, p.tokens(), p.heads, p.head_dim, in_layout);
    const std::vector<double> q = lf_test::random_values(p.elements(), 2.0, rng);
    const std::vector<double> k = lf_test::random_values(p.elements(), 2.0, rng);
    const std::vector<double> v = lf_test::random_values(p.elements(), 2.0, rng);
    in.q.assign(q);
    in.k.assign(k);
    in.v.assign(v);

    const Layout single_out = out_layout == Layout::packed_qkv ? Layout::dense : out_layout;
    const StridedTensor out(p.batch, p.tokens(), p.heads, p.head_dim, single_out);
    std::vector<float> lse(p.batch * p.heads * p.grid_tokens(), NAN);
    const float scale = static_cast<float>(p.scale);
    lf_status status = lf_window_attention_fwd(
        LF_DEVICE_CPU, nullptr, LF_DTYPE_FLOAT32, p.batch, p.heads, p.head_dim, p.grid[0], p.grid[1], p.grid[2],
        p.leading_tokens, p.window[0], p.window[1], p.window[2], scale, in.q.data(), in.q.strides, in.k.data(),
        in.k.strides, in.v.data(), in.v.strides, out.data(), out.strides, lse.data());
    CHECK(status == LF_OK, "%s: forward returned %s: %s", name.c_str(), lf_status_string(status),
          lf_last_error_message());

    const lf_test::ReferenceForward want = lf_test::reference_forward(p, q, k, v);
    const double out_error = lf_test::relative_error(out.dense(), want.out);
    CHECK(out_error <= kTolerance, "%s: out relative error %.3g", name.c_str(), out_error);
    const double lse_error = lf_test::relative_error(std::vector<double>(lse.begin(), lse.end()), want.lse);
    CHECK(lse_error <= kTolerance, "%s: lse relative error %.3g", name.c_str(), lse_error);

    std::vector<double> d_out_values = lf_test::random_values(p.elements(), 1.0, rng);
    StridedTensor d_out(p.batch, p.tokens(), p.heads, p.head_dim, Layout::heads_major);
    d_out.assign(d_out_values);
    const lf_test::Triple grad = lf_test::make_triple(p.batch, p.tokens(), p.heads, p.head_dim, out_layout);
    status = lf_window_attention_bwd(
        LF_DEVICE_CPU, nullptr, LF_DTYPE_FLOAT32, p.batch, p.heads, p.head_dim, p.grid[0], p.grid[1], p.grid[2],
        p.leading_tokens, p.window[0], p.window[1], p.window[2], scale, in.q.data(), in.q.strides, in.k.data(),
        in.k.strides, in.v.data(), in.v.strides, out.data(), out.strides, lse.data(), d_out.data(), d_out.strides,
        grad.q.data(), grad.q.strides, grad.k.data(), grad.k.strides, grad.v.data(), grad.v.strides);
    CHECK(status == LF_OK, "%s: backward returned %s: %s", name.c_str(), lf_status_string(status),
          lf_last_error_message());

    // The kernel must ignore d_out's leading rows (they were not queries): zero them for the oracle.
    for (int64_t b = 0; b < p.batch; ++b)
        for (int64_t g = 0; g < p.leading_tokens; ++g)
            for (int64_t h = 0; h < p.heads; ++h)
                for (int64_t d = 0; d < p.head_dim; ++d) d_out_values[p.index(b, g, h, d)] = 0;
    const lf_test::ReferenceGradients want_grad = lf_test::reference_backward(p, q, k, v, d_out_values);
    const double dq_error = lf_test::relative_error(grad.q.dense(), want_grad.d_q);
    const double dk_error = lf_test::relative_error(grad.k.dense(), want_grad.d_k);
    const double dv_error = lf_test::relative_error(grad.v.dense(), want_grad.d_v);
    CHECK(dq_error <= kTolerance, "%s: d_q relative error %.3g", name.c_str(), dq_error);
    CHECK(dk_error <= kTolerance, "%s: d_k relative error %.3g", name.c_str(), dk_error);
    CHECK(dv_error <= kTolerance, "%s: d_v relative error %.3g", name.c_str(), dv_error);
}

WindowProblem problem(int64_t B, int64_t heads, int64_t D, int64_t G, int64_t F, int64_t H, int64_t W, int64_t wf,
                      int64_t wh, int64_t ww) {
    return WindowProblem{B, heads, D, G, {F, H, W}, {wf, wh, ww}, 1.0 / std::sqrt(static_cast<double>(D))};
}

constexpr Layout kLayouts[] = {Layout::dense, Layout::packed_qkv, Layout::heads_major, Layout::head_dim_strided};

}  // namespace

TEST(window_of_one_token_attends_to_itself_and_the_leading_tokens) {
    for (int64_t G : {0, 1}) run_case(problem(2, 2, 8, G, 2, 3, 3, 1, 1, 1), Layout::dense, Layout::dense, 1 + G);
}

TEST(window_equal_to_whole_grid_is_joint_attention) {
    for (int64_t G : {0, 1}) run_case(problem(2, 3, 24, G, 3, 5, 7, 3, 5, 7), Layout::packed_qkv, Layout::dense, 3 + G);
}

TEST(non_cubic_grid_with_odd_head_dim) {
    for (int64_t G : {0, 1, 2})
        run_case(problem(1, 2, 17, G, 4, 6, 10, 2, 3, 5), kLayouts[G % 4], kLayouts[(G + 1) % 4], 7 + G);
}

TEST(spatial_only_and_temporal_only_windows) {
    run_case(problem(2, 2, 20, 1, 4, 3, 5, 1, 3, 5), Layout::heads_major, Layout::head_dim_strided, 11);
    run_case(problem(2, 2, 20, 1, 4, 3, 5, 4, 1, 1), Layout::head_dim_strided, Layout::packed_qkv, 12);
}

TEST(every_layout_pair_on_a_small_grid) {
    uint64_t seed = 100;
    for (Layout in : kLayouts)
        for (Layout out : kLayouts) run_case(problem(2, 2, 5, 1, 2, 4, 2, 2, 2, 1), in, out, seed++);
}

TEST(design_shape_window_2x7x7_with_cls) {
    run_case(problem(1, 2, 64, 1, 16, 7, 7, 2, 7, 7), Layout::packed_qkv, Layout::dense, 21);
}

TEST(extended_random_sweep) {
    if (!lf_test::extended()) return;
    std::mt19937_64 rng(2024);
    const auto pick = [&](int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); };
    for (int i = 0; i < 40; ++i) {
        int64_t window[3], grid[3];
        for (int a = 0; a < 3; ++a) {
            window[a] = pick(1, 4);
            grid[a] = window[a] * pick(1, 3);
        }
        run_case(problem(pick(1, 3), pick(1, 3), pick(1, 70), pick(0, 3), grid[0], grid[1], grid[2], window[0],
                         window[1], window[2]),
                 kLayouts[pick(0, 3)], kLayouts[pick(0, 3)], 1000 + i);
    }
}

TEST_MAIN()
