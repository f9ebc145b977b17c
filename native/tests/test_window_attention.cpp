// Fused CPU window attention against the float64 oracle, in float32 and bfloat16: odd grids and
// windows, D not a multiple of 16, G = 0, 1, 2, every input/output layout, outputs poisoned with
// NaN. Tolerances: lf_test::accuracy (strided_tensor.hpp, DESIGN.md 8). LF_EXTENDED_TESTS=1 adds a seeded random
// sweep. ctest runs this once per SIMD build.
#include <cstdio>
#include <random>
#include <string>

#include "harness.hpp"
#include "logoformer/logoformer.h"
#include "strided_tensor.hpp"
#include "window_attention_reference.hpp"

using lf_test::Bf16;
using lf_test::Layout;
using lf_test::WindowProblem;

namespace {

// One forward and backward of element type T (float or Bf16) against the float64 oracle.
template <typename T>
void run_case(const WindowProblem& p, Layout in_layout, Layout out_layout, uint64_t seed) {
    using Tensor = lf_test::BasicStridedTensor<T>;
    const std::string name = std::string(lf_test::dtype_name<T>()) + " B" + std::to_string(p.batch) + " heads" + std::to_string(p.heads) + " D" +
                             std::to_string(p.head_dim) + " grid " + std::to_string(p.grid[0]) + "x" +
                             std::to_string(p.grid[1]) + "x" + std::to_string(p.grid[2]) + " window " +
                             std::to_string(p.window[0]) + "x" + std::to_string(p.window[1]) + "x" +
                             std::to_string(p.window[2]) + " G" + std::to_string(p.leading_tokens) + " in " +
                             lf_test::layout_name(in_layout) + " out " + lf_test::layout_name(out_layout);
    std::mt19937_64 rng(seed);
    const lf_test::BasicTriple<T> in = lf_test::make_triple<T>(p.batch, p.tokens(), p.heads, p.head_dim, in_layout);
    // The exact values, and the ones the kernel reads (rounded to T).
    const std::vector<double> q = lf_test::random_values(p.elements(), 2.0, rng);
    const std::vector<double> k = lf_test::random_values(p.elements(), 2.0, rng);
    const std::vector<double> v = lf_test::random_values(p.elements(), 2.0, rng);
    const std::vector<double> q_in = lf_test::rounded<T>(q), k_in = lf_test::rounded<T>(k),
                              v_in = lf_test::rounded<T>(v);
    in.q.assign(q);
    in.k.assign(k);
    in.v.assign(v);

    const Layout single_out = out_layout == Layout::packed_qkv ? Layout::dense : out_layout;
    const Tensor out(p.batch, p.tokens(), p.heads, p.head_dim, single_out);
    std::vector<float> lse(p.batch * p.heads * p.grid_tokens(), NAN);
    const float scale = static_cast<float>(p.scale);
    const lf_dtype dtype = lf_test::kDtype<T>;
    lf_status status = lf_window_attention_fwd(
        LF_DEVICE_CPU, nullptr, dtype, p.batch, p.heads, p.head_dim, p.grid[0], p.grid[1], p.grid[2],
        p.leading_tokens, p.window[0], p.window[1], p.window[2], scale, in.q.data(), in.q.strides, in.k.data(),
        in.k.strides, in.v.data(), in.v.strides, out.data(), out.strides, lse.data());
    CHECK(status == LF_OK, "%s: forward returned %s: %s", name.c_str(), lf_status_string(status),
          lf_last_error_message());

    const lf_test::ReferenceForward want = lf_test::reference_forward(p, q, k, v);
    const lf_test::ReferenceForward from_rounded =
        lf_test::kDtype<T> == LF_DTYPE_FLOAT32 ? want : lf_test::reference_forward(p, q_in, k_in, v_in);
    const lf_test::Accuracy out_accuracy = lf_test::accuracy<T>(out.dense(), want.out, from_rounded.out);
    CHECK_ERROR(name, "out", out_accuracy.error, out_accuracy.bound);
    const lf_test::Accuracy lse_accuracy =
        lf_test::accuracy<T>(std::vector<double>(lse.begin(), lse.end()), want.lse, from_rounded.lse, false);
    CHECK_ERROR(name, "lse", lse_accuracy.error, lse_accuracy.bound);

    std::vector<double> d_out_values = lf_test::random_values(p.elements(), 1.0, rng);
    Tensor d_out(p.batch, p.tokens(), p.heads, p.head_dim, Layout::heads_major);
    d_out.assign(d_out_values);
    const lf_test::BasicTriple<T> grad =
        lf_test::make_triple<T>(p.batch, p.tokens(), p.heads, p.head_dim, out_layout);
    status = lf_window_attention_bwd(
        LF_DEVICE_CPU, nullptr, dtype, p.batch, p.heads, p.head_dim, p.grid[0], p.grid[1], p.grid[2],
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
    const lf_test::ReferenceGradients grad_from_rounded =
        lf_test::kDtype<T> == LF_DTYPE_FLOAT32
            ? want_grad
            : lf_test::reference_backward(p, q_in, k_in, v_in, lf_test::rounded<T>(d_out_values));
    const struct {
        const char* what;
        std::vector<double> got;
        const std::vector<double>& want;
        const std::vector<double>& from_rounded;
    } grads[] = {{"d_q", grad.q.dense(), want_grad.d_q, grad_from_rounded.d_q},
                 {"d_k", grad.k.dense(), want_grad.d_k, grad_from_rounded.d_k},
                 {"d_v", grad.v.dense(), want_grad.d_v, grad_from_rounded.d_v}};
    for (const auto& g : grads) {
        const lf_test::Accuracy a = lf_test::accuracy<T>(g.got, g.want, g.from_rounded);
        CHECK_ERROR(name, g.what, a.error, a.bound);
    }
}

WindowProblem problem(int64_t B, int64_t heads, int64_t D, int64_t G, int64_t F, int64_t H, int64_t W, int64_t wf,
                      int64_t wh, int64_t ww) {
    return WindowProblem{B, heads, D, G, {F, H, W}, {wf, wh, ww}, 1.0 / std::sqrt(static_cast<double>(D))};
}

constexpr Layout kLayouts[] = {Layout::dense, Layout::packed_qkv, Layout::heads_major, Layout::head_dim_strided};

// Each case in both CPU dtypes.
void run_case(const WindowProblem& p, Layout in_layout, Layout out_layout, uint64_t seed) {
    run_case<float>(p, in_layout, out_layout, seed);
    run_case<Bf16>(p, in_layout, out_layout, seed);
}

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

// The shapes of the bfloat16 tile kernels' edges: head dims below, at and between whole AMX tiles
// (16, 24, 32, 40, 64) and beyond one 2 x 2 block of output tiles (80, 128); windows of 18, 98
// and 196 tokens (not multiples of 16) plus G = 0, 1, 2 keys.
TEST(bfloat16_head_dims_and_window_sizes_around_tile_edges) {
    uint64_t seed = 40;
    for (int64_t D : {16, 24, 32, 40, 64, 80, 128}) {
        run_case<Bf16>(problem(2, 2, D, D == 24 ? 0 : 1, 2, 6, 3, 2, 3, 3), kLayouts[seed % 4],
                       kLayouts[(seed + 1) % 4], seed);
        ++seed;
    }
    run_case<Bf16>(problem(1, 2, 64, 1, 4, 7, 7, 2, 7, 7), Layout::packed_qkv, Layout::packed_qkv, seed++);
    run_case<Bf16>(problem(1, 1, 64, 1, 4, 7, 7, 4, 7, 7), Layout::dense, Layout::heads_major, seed++);
    run_case<Bf16>(problem(1, 2, 40, 2, 4, 7, 7, 4, 7, 7), Layout::head_dim_strided, Layout::dense, seed++);
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
