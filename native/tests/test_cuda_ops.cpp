// The CUDA ops against the float64 references and the CPU kernels: window attention, cross
// attention, global tokens (forward and backward) and the compact loss (with its gradient), in
// float32, bfloat16 and float16, on odd shapes and strided layouts (misaligned views too), on a
// non-default stream, with every output poisoned (bytes 0xFF: NaN in all three dtypes) before
// each run so an element a kernel forgets stays NaN. `every_op_in_every_dtype_on_a_small_case`
// is the one compute-sanitizer runs (benchmarks/cuda/gpu_check.py); `extended_random_sweep`
// runs with LF_EXTENDED_TESTS=1. Without a usable GPU it exits with 77 (skipped).
//
// Tolerances (DESIGN.md 8), relative to the largest reference value:
//  - float32: 1e-5 against the float64 reference and against the CPU kernel;
//  - bfloat16/float16: 2x the error of the reference computed in that precision. That error is
//    taken from below: the float64 reference on inputs rounded to the dtype, its outputs rounded
//    to the dtype (a real low-precision composition also rounds its intermediates and errs
//    more), so the bound is at least as strict as DESIGN's. Against the CPU kernel (float32 on
//    the same rounded inputs) the outputs may differ by the final rounding: one dtype epsilon.
#include <cmath>
#include <cstring>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "compact_loss_reference.hpp"
#include "cross_attention_reference.hpp"
#include "cuda_buffers.hpp"
#include "global_tokens_reference.hpp"
#include "harness.hpp"
#include "logoformer/logoformer.h"
#include "strided_tensor.hpp"
#include "window_attention_reference.hpp"

using lf_test::check_close;
using lf_test::check_status;
using lf_test::DeviceBuffer;
using lf_test::DeviceFloats;
using lf_test::DeviceTargets;
using lf_test::DeviceTokens;
using lf_test::DeviceTriple;
using lf_test::device_tokens;
using lf_test::device_triple;
using lf_test::dtype_name;
using lf_test::kCudaDtypes;
using lf_test::Layout;
using lf_test::Stream;
using lf_test::to_double;

namespace {

constexpr double kFloat32Tolerance = 1e-5;

// Machine epsilon of the dtype: the largest relative step of one rounding, doubled.
double epsilon(lf_dtype dtype) {
    return dtype == LF_DTYPE_FLOAT32 ? kFloat32Tolerance : dtype == LF_DTYPE_BFLOAT16 ? 0x1p-7 : 0x1p-10;
}

double round_to(lf_dtype dtype, double x) {
    const float f = static_cast<float>(x);
    if (dtype == LF_DTYPE_BFLOAT16) return __bfloat162float(__float2bfloat16_rn(f));
    if (dtype == LF_DTYPE_FLOAT16) return __half2float(__float2half_rn(f));
    return f;
}

std::vector<double> rounded(lf_dtype dtype, std::vector<double> values) {
    for (double& x : values) x = round_to(dtype, x);
    return values;
}

// The error bound of a dtype-precision output whose exact value is `want`, given the float64
// reference on dtype-rounded inputs (`from_rounded_inputs`); see the top comment.
double tolerance(lf_dtype dtype, const std::vector<double>& from_rounded_inputs, const std::vector<double>& want) {
    if (dtype == LF_DTYPE_FLOAT32) return kFloat32Tolerance;
    return 2.0 * lf_test::relative_error(rounded(dtype, from_rounded_inputs), want);
}

// ---- window attention ----------------------------------------------------------------------

struct WindowCase {
    lf_test::WindowProblem problem;
    Layout layout;
};

void window_attention_case(const WindowCase& c, lf_dtype dtype, uint64_t seed) {
    const lf_test::WindowProblem& p = c.problem;
    const std::string name = std::string("window ") + dtype_name(dtype) + " D" + std::to_string(p.head_dim) +
                             " grid " + std::to_string(p.grid[0]) + "x" + std::to_string(p.grid[1]) + "x" +
                             std::to_string(p.grid[2]) + " window " + std::to_string(p.window[0]) + "x" +
                             std::to_string(p.window[1]) + "x" + std::to_string(p.window[2]) + " G" +
                             std::to_string(p.leading_tokens) + " " + lf_test::layout_name(c.layout);
    std::mt19937_64 rng(seed);
    const int64_t B = p.batch, T = p.tokens(), H = p.heads, D = p.head_dim, N = p.grid_tokens();
    std::vector<double> exact[4];  // q, k, v, d_out
    for (auto& x : exact) x = lf_test::random_values(p.elements(), 1.0, rng);
    std::vector<double> inputs[4];
    for (int i = 0; i < 4; ++i) inputs[i] = rounded(dtype, exact[i]);

    const lf_test::ReferenceForward want = lf_test::reference_forward(p, exact[0], exact[1], exact[2]);
    const lf_test::ReferenceGradients want_grads =
        lf_test::reference_backward(p, exact[0], exact[1], exact[2], exact[3]);
    const lf_test::ReferenceForward from_rounded = lf_test::reference_forward(p, inputs[0], inputs[1], inputs[2]);
    const lf_test::ReferenceGradients grads_from_rounded =
        lf_test::reference_backward(p, inputs[0], inputs[1], inputs[2], inputs[3]);

    const Stream stream;
    const DeviceTriple in = device_triple(B, T, H, D, c.layout, dtype, inputs);
    const DeviceTokens out = device_tokens(B, T, H, D, Layout::dense, dtype, nullptr);
    const DeviceTokens d_out = device_tokens(B, T, H, D, c.layout, dtype, &inputs[3]);
    const DeviceTriple grads = device_triple(B, T, H, D, c.layout, dtype, nullptr);
    const DeviceFloats lse(B * H * N);
    const float scale = static_cast<float>(p.scale);

    check_status(lf_window_attention_fwd(LF_DEVICE_CUDA, stream.get(), dtype, B, H, D, p.grid[0], p.grid[1],
                                         p.grid[2], p.leading_tokens, p.window[0], p.window[1], p.window[2], scale,
                                         in.q.data(), in.q.strides(), in.k.data(), in.k.strides(), in.v.data(),
                                         in.v.strides(), out.data(), out.strides(), lse.data()),
                 name + " forward");
    check_status(lf_window_attention_bwd(LF_DEVICE_CUDA, stream.get(), dtype, B, H, D, p.grid[0], p.grid[1],
                                         p.grid[2], p.leading_tokens, p.window[0], p.window[1], p.window[2], scale,
                                         in.q.data(), in.q.strides(), in.k.data(), in.k.strides(), in.v.data(),
                                         in.v.strides(), out.data(), out.strides(), lse.data(), d_out.data(),
                                         d_out.strides(), grads.q.data(), grads.q.strides(), grads.k.data(),
                                         grads.k.strides(), grads.v.data(), grads.v.strides()),
                 name + " backward");
    stream.wait();

    const std::vector<double> got_out = out.values(), got_lse = lse.values();
    check_close(name + " out", got_out, want.out, tolerance(dtype, from_rounded.out, want.out));
    check_close(name + " lse", got_lse, want.lse,
                dtype == LF_DTYPE_FLOAT32 ? kFloat32Tolerance : 2.0 * lf_test::relative_error(from_rounded.lse, want.lse));
    check_close(name + " d_q", grads.q.values(), want_grads.d_q, tolerance(dtype, grads_from_rounded.d_q, want_grads.d_q));
    check_close(name + " d_k", grads.k.values(), want_grads.d_k, tolerance(dtype, grads_from_rounded.d_k, want_grads.d_k));
    check_close(name + " d_v", grads.v.values(), want_grads.d_v, tolerance(dtype, grads_from_rounded.d_v, want_grads.d_v));

    // The CPU kernel on the same rounded inputs, dense float32.
    const int64_t dense[4] = {T * H * D, H * D, D, 1};
    std::vector<float> q(inputs[0].begin(), inputs[0].end()), k(inputs[1].begin(), inputs[1].end()),
        v(inputs[2].begin(), inputs[2].end()), cpu_out(p.elements()), cpu_lse(B * H * N);
    check_status(lf_window_attention_fwd(LF_DEVICE_CPU, nullptr, LF_DTYPE_FLOAT32, B, H, D, p.grid[0], p.grid[1],
                                         p.grid[2], p.leading_tokens, p.window[0], p.window[1], p.window[2], scale,
                                         q.data(), dense, k.data(), dense, v.data(), dense, cpu_out.data(), dense,
                                         cpu_lse.data()),
                 name + " CPU forward");
    check_close(name + " out vs CPU", got_out, to_double(cpu_out), epsilon(dtype));
    check_close(name + " lse vs CPU", got_lse, to_double(cpu_lse), kFloat32Tolerance);
}

// The first case of each op is the small one compute-sanitizer runs (every_op_in_every_dtype...).
const WindowCase kWindowCases[] = {
    // 18-token windows, one leading token, D a multiple of 8 but not of 32: 16-byte loads in all dtypes.
    {{2, 3, 40, 1, {4, 6, 6}, {2, 3, 3}, 1.0 / std::sqrt(40.0)}, Layout::dense},
    // 49-token windows over two chunks of keys, two leading tokens, q/k/v slices of one packed buffer.
    {{1, 2, 64, 2, {2, 7, 7}, {1, 7, 7}, 0.125}, Layout::packed_qkv},
    // One 75-token window (two row blocks), no leading tokens, odd D with a non-unit head-dim stride.
    {{1, 2, 33, 0, {3, 5, 5}, {3, 5, 5}, 0.2}, Layout::head_dim_strided},
    // The wide head-dim variant (D > 64), heads-major layout.
    {{2, 1, 96, 1, {2, 4, 4}, {2, 2, 2}, 0.1}, Layout::heads_major},
    // Views one element into their storage (a narrowed tensor): no 16-byte loads in any dtype.
    {{1, 2, 64, 1, {2, 4, 4}, {2, 2, 2}, 0.125}, Layout::misaligned},
};

TEST(window_attention_matches_reference_and_cpu) {
    uint64_t seed = 11;
    for (size_t i = 1; i < std::size(kWindowCases); ++i)
        for (lf_dtype dtype : kCudaDtypes) window_attention_case(kWindowCases[i], dtype, seed++);
}

// ---- cross attention -----------------------------------------------------------------------

void cross_attention_case(const lf_test::CrossProblem& p, Layout layout, lf_dtype dtype, uint64_t seed) {
    const std::string name = std::string("cross ") + dtype_name(dtype) + " D" + std::to_string(p.head_dim) + " Nq" +
                             std::to_string(p.queries) + " Nk" + std::to_string(p.keys) + " " +
                             lf_test::layout_name(layout);
    std::mt19937_64 rng(seed);
    const int64_t B = p.batch, H = p.heads, D = p.head_dim, Nq = p.queries, Nk = p.keys;
    std::vector<double> exact[4] = {lf_test::random_values(p.q_elements(), 1.0, rng),
                                    lf_test::random_values(p.k_elements(), 1.0, rng),
                                    lf_test::random_values(p.k_elements(), 1.0, rng),
                                    lf_test::random_values(p.q_elements(), 1.0, rng)};
    std::vector<double> inputs[4];
    for (int i = 0; i < 4; ++i) inputs[i] = rounded(dtype, exact[i]);
    const lf_test::CrossReference want = lf_test::cross_reference(p, exact[0], exact[1], exact[2], exact[3]);
    const lf_test::CrossReference from_rounded =
        lf_test::cross_reference(p, inputs[0], inputs[1], inputs[2], inputs[3]);

    const Stream stream;
    const DeviceTokens q = device_tokens(B, Nq, H, D, layout, dtype, &inputs[0]);
    const DeviceTokens k = device_tokens(B, Nk, H, D, layout, dtype, &inputs[1]);
    const DeviceTokens v = device_tokens(B, Nk, H, D, layout, dtype, &inputs[2]);
    const DeviceTokens d_out = device_tokens(B, Nq, H, D, layout, dtype, &inputs[3]);
    const DeviceTokens out = device_tokens(B, Nq, H, D, Layout::dense, dtype, nullptr);
    const DeviceTokens d_q = device_tokens(B, Nq, H, D, layout, dtype, nullptr);
    const DeviceTokens d_k = device_tokens(B, Nk, H, D, layout, dtype, nullptr);
    const DeviceTokens d_v = device_tokens(B, Nk, H, D, layout, dtype, nullptr);
    const DeviceFloats lse(B * H * Nq);
    const float scale = static_cast<float>(p.scale);

    check_status(lf_cross_attention_fwd(LF_DEVICE_CUDA, stream.get(), dtype, B, H, D, Nq, Nk, scale, q.data(),
                                        q.strides(), k.data(), k.strides(), v.data(), v.strides(), out.data(),
                                        out.strides(), lse.data()),
                 name + " forward");
    check_status(lf_cross_attention_bwd(LF_DEVICE_CUDA, stream.get(), dtype, B, H, D, Nq, Nk, scale, q.data(),
                                        q.strides(), k.data(), k.strides(), v.data(), v.strides(), out.data(),
                                        out.strides(), lse.data(), d_out.data(), d_out.strides(), d_q.data(),
                                        d_q.strides(), d_k.data(), d_k.strides(), d_v.data(), d_v.strides()),
                 name + " backward");
    stream.wait();

    const std::vector<double> got_out = out.values(), got_lse = lse.values();
    check_close(name + " out", got_out, want.out, tolerance(dtype, from_rounded.out, want.out));
    check_close(name + " lse", got_lse, want.lse,
                dtype == LF_DTYPE_FLOAT32 ? kFloat32Tolerance : 2.0 * lf_test::relative_error(from_rounded.lse, want.lse));
    check_close(name + " d_q", d_q.values(), want.d_q, tolerance(dtype, from_rounded.d_q, want.d_q));
    check_close(name + " d_k", d_k.values(), want.d_k, tolerance(dtype, from_rounded.d_k, want.d_k));
    check_close(name + " d_v", d_v.values(), want.d_v, tolerance(dtype, from_rounded.d_v, want.d_v));

    const int64_t q_dense[4] = {Nq * H * D, H * D, D, 1}, k_dense[4] = {Nk * H * D, H * D, D, 1};
    std::vector<float> qf(inputs[0].begin(), inputs[0].end()), kf(inputs[1].begin(), inputs[1].end()),
        vf(inputs[2].begin(), inputs[2].end()), cpu_out(p.q_elements()), cpu_lse(B * H * Nq);
    check_status(lf_cross_attention_fwd(LF_DEVICE_CPU, nullptr, LF_DTYPE_FLOAT32, B, H, D, Nq, Nk, scale, qf.data(),
                                        q_dense, kf.data(), k_dense, vf.data(), k_dense, cpu_out.data(), q_dense,
                                        cpu_lse.data()),
                 name + " CPU forward");
    check_close(name + " out vs CPU", got_out, to_double(cpu_out), epsilon(dtype));
    check_close(name + " lse vs CPU", got_lse, to_double(cpu_lse), kFloat32Tolerance);
}

struct CrossCase {
    lf_test::CrossProblem problem;
    Layout layout;
};

const CrossCase kCrossCases[] = {
    // LOGO-Former-like: many queries over a few pooled keys; three row blocks of queries.
    {{2, 3, 24, 70, 9, 1.0 / std::sqrt(24.0)}, Layout::dense},
    // More keys than one staged chunk, the wide head-dim variant, head-dim-strided tensors.
    {{1, 2, 72, 33, 40, 0.12}, Layout::head_dim_strided},
    // Misaligned views (one element into their storage).
    {{2, 2, 64, 37, 9, 0.125}, Layout::misaligned},
};

TEST(cross_attention_matches_reference_and_cpu) {
    uint64_t seed = 101;
    for (size_t i = 1; i < std::size(kCrossCases); ++i)
        for (lf_dtype dtype : kCudaDtypes)
            cross_attention_case(kCrossCases[i].problem, kCrossCases[i].layout, dtype, seed++);
}

// ---- global tokens -------------------------------------------------------------------------

void global_tokens_case(const lf_test::PoolProblem& p, lf_dtype dtype, uint64_t seed) {
    const std::string name = std::string("global tokens ") + dtype_name(dtype) + " B" + std::to_string(p.batch) +
                             " C" + std::to_string(p.channels) + " grid " + std::to_string(p.grid[0]) + "x" +
                             std::to_string(p.grid[1]) + "x" + std::to_string(p.grid[2]) + " pool " +
                             std::to_string(p.pool[0]) + "x" + std::to_string(p.pool[1]) + "x" +
                             std::to_string(p.pool[2]);
    std::mt19937_64 rng(seed);
    const int64_t B = p.batch, N = p.tokens(), M = p.pooled(), C = p.channels, K = p.cells();
    const lf_test::PoolParameters exact{lf_test::random_values(B * N * C, 2.0, rng),
                                        lf_test::random_values(C * K, 1.0, rng), lf_test::random_values(C, 1.0, rng),
                                        lf_test::random_values(C, 1.5, rng), lf_test::random_values(C, 1.0, rng)};
    const std::vector<double> d_out_exact = lf_test::random_values(B * M * C, 1.0, rng);
    const lf_test::PoolParameters inputs{rounded(dtype, exact.x), rounded(dtype, exact.weight),
                                         rounded(dtype, exact.bias), rounded(dtype, exact.gamma),
                                         rounded(dtype, exact.beta)};
    const std::vector<double> d_out_values = rounded(dtype, d_out_exact);
    const std::vector<double> want_out = lf_test::pool_forward(p, exact);
    const lf_test::PoolGradients want = lf_test::pool_backward(p, exact, d_out_exact);
    const std::vector<double> out_from_rounded = lf_test::pool_forward(p, inputs);
    const lf_test::PoolGradients from_rounded = lf_test::pool_backward(p, inputs, d_out_values);

    const auto upload = [&](const std::vector<double>& values) {
        auto buffer = std::make_shared<DeviceBuffer>(values.size(), dtype);
        buffer->upload(std::vector<float>(values.begin(), values.end()));
        return buffer;
    };
    const auto poisoned = [&](size_t elements) {
        auto buffer = std::make_shared<DeviceBuffer>(elements, dtype);
        buffer->poison();
        return buffer;
    };
    const auto x = upload(inputs.x), weight = upload(inputs.weight), bias = upload(inputs.bias),
               gamma = upload(inputs.gamma), beta = upload(inputs.beta), d_out = upload(d_out_values);
    const auto out = poisoned(B * M * C), d_x = poisoned(B * N * C), d_weight = poisoned(C * K),
               d_bias = poisoned(C), d_gamma = poisoned(C), d_beta = poisoned(C);
    const DeviceFloats mean(B * M), rstd(B * M);
    const int64_t x_strides[3] = {N * C, C, 1}, pooled_strides[3] = {M * C, C, 1};
    const int64_t weight_strides[4] = {K, p.pool[1] * p.pool[2], p.pool[2], 1};
    const float eps = static_cast<float>(p.eps);

    const Stream stream;
    check_status(lf_global_tokens_fwd(LF_DEVICE_CUDA, stream.get(), dtype, B, C, p.grid[0], p.grid[1], p.grid[2],
                                      p.pool[0], p.pool[1], p.pool[2], eps, x->at(0), x_strides, weight->at(0),
                                      weight_strides, bias->at(0), 1, gamma->at(0), 1, beta->at(0), 1, out->at(0),
                                      pooled_strides, mean.data(), rstd.data()),
                 name + " forward");
    check_status(lf_global_tokens_bwd(LF_DEVICE_CUDA, stream.get(), dtype, B, C, p.grid[0], p.grid[1], p.grid[2],
                                      p.pool[0], p.pool[1], p.pool[2], eps, x->at(0), x_strides, weight->at(0),
                                      weight_strides, bias->at(0), 1, gamma->at(0), 1, mean.data(), rstd.data(),
                                      d_out->at(0), pooled_strides, d_x->at(0), x_strides, d_weight->at(0),
                                      weight_strides, d_bias->at(0), 1, d_gamma->at(0), 1, d_beta->at(0), 1),
                 name + " backward");
    stream.wait();

    const std::vector<double> got_out = to_double(out->download());
    check_close(name + " out", got_out, want_out, tolerance(dtype, out_from_rounded, want_out));
    check_close(name + " d_x", to_double(d_x->download()), want.d_x, tolerance(dtype, from_rounded.d_x, want.d_x));
    check_close(name + " d_weight", to_double(d_weight->download()), want.d_weight,
                tolerance(dtype, from_rounded.d_weight, want.d_weight));
    check_close(name + " d_bias", to_double(d_bias->download()), want.d_bias,
                tolerance(dtype, from_rounded.d_bias, want.d_bias));
    check_close(name + " d_gamma", to_double(d_gamma->download()), want.d_gamma,
                tolerance(dtype, from_rounded.d_gamma, want.d_gamma));
    check_close(name + " d_beta", to_double(d_beta->download()), want.d_beta,
                tolerance(dtype, from_rounded.d_beta, want.d_beta));

    // The CPU kernel on the same rounded inputs: outputs and the saved statistics.
    std::vector<float> xf(inputs.x.begin(), inputs.x.end()), wf(inputs.weight.begin(), inputs.weight.end()),
        bf(inputs.bias.begin(), inputs.bias.end()), gf(inputs.gamma.begin(), inputs.gamma.end()),
        betaf(inputs.beta.begin(), inputs.beta.end()), cpu_out(B * M * C), cpu_mean(B * M), cpu_rstd(B * M);
    check_status(lf_global_tokens_fwd(LF_DEVICE_CPU, nullptr, LF_DTYPE_FLOAT32, B, C, p.grid[0], p.grid[1], p.grid[2],
                                      p.pool[0], p.pool[1], p.pool[2], eps, xf.data(), x_strides, wf.data(),
                                      weight_strides, bf.data(), 1, gf.data(), 1, betaf.data(), 1, cpu_out.data(),
                                      pooled_strides, cpu_mean.data(), cpu_rstd.data()),
                 name + " CPU forward");
    check_close(name + " out vs CPU", got_out, to_double(cpu_out), epsilon(dtype));
    check_close(name + " mean vs CPU", mean.values(), to_double(cpu_mean), kFloat32Tolerance);
    check_close(name + " rstd vs CPU", rstd.values(), to_double(cpu_rstd), kFloat32Tolerance);
}

const lf_test::PoolProblem kPoolCases[] = {
    {2, 37, {4, 6, 6}, {2, 3, 3}, 1e-5},    // odd channels, fewer than one block of threads
    {1, 300, {2, 7, 7}, {2, 7, 7}, 1e-5},   // pool = whole grid (98 cells), channels > 256 threads
    {3, 37, {4, 8, 8}, {1, 2, 2}, 1e-5},    // 192 pooled tokens: three chunks of parameter sums
};

TEST(global_tokens_matches_reference_and_cpu) {
    uint64_t seed = 201;
    for (size_t i = 1; i < std::size(kPoolCases); ++i)
        for (lf_dtype dtype : kCudaDtypes) global_tokens_case(kPoolCases[i], dtype, seed++);
}

// ---- compact loss --------------------------------------------------------------------------

// Logits stored transposed ([C, B] memory, a non-unit class stride) with one masked class per
// row, targets strided; every reduction; gradient rows dense.
void compact_loss_case(int64_t B, int64_t C, lf_dtype dtype, uint64_t seed) {
    const std::string name = std::string("compact loss ") + dtype_name(dtype) + " B" + std::to_string(B) + " C" +
                             std::to_string(C);
    std::mt19937_64 rng(seed);
    std::vector<double> exact = lf_test::random_values(B * C, 4.0, rng);
    std::vector<int64_t> targets(2 * B);
    for (int64_t b = 0; b < B; ++b) {
        targets[2 * b] = static_cast<int64_t>(rng() % C);
        const int64_t masked = (targets[2 * b] + 1 + static_cast<int64_t>(rng() % (C - 1))) % C;
        if (C > 2) exact[b * C + masked] = -INFINITY;
    }
    const std::vector<double> logits = rounded(dtype, exact);
    const float lambda = 0.7f;

    std::vector<float> transposed(B * C);
    for (int64_t b = 0; b < B; ++b)
        for (int64_t c = 0; c < C; ++c) transposed[c * B + b] = static_cast<float>(logits[b * C + c]);
    DeviceBuffer d_logits(B * C, dtype), d_grad(B * C, dtype), d_loss(B, LF_DTYPE_FLOAT32);
    d_logits.upload(transposed);
    const DeviceTargets d_targets(targets);
    const int64_t logits_strides[2] = {1, B}, grad_strides[2] = {C, 1};

    for (const lf_reduction reduction : {LF_REDUCTION_NONE, LF_REDUCTION_MEAN, LF_REDUCTION_SUM}) {
        const std::string what = name + " reduction " + std::to_string(reduction);
        double scale = reduction == LF_REDUCTION_MEAN ? 1.0 / static_cast<double>(B) : 1.0;
        std::vector<double> want_loss, want_grad, loss_from_rounded, grad_from_rounded;
        double want_sum = 0, rounded_sum = 0;
        for (int64_t b = 0; b < B; ++b) {
            const int64_t y = targets[2 * b];
            const lf_test::CompactLossRow row = lf_test::compact_loss_row(
                std::vector<double>(exact.begin() + b * C, exact.begin() + (b + 1) * C), y, lambda);
            const lf_test::CompactLossRow row_r = lf_test::compact_loss_row(
                std::vector<double>(logits.begin() + b * C, logits.begin() + (b + 1) * C), y, lambda);
            want_loss.push_back(row.loss);
            loss_from_rounded.push_back(row_r.loss);
            want_sum += row.loss;
            rounded_sum += row_r.loss;
            for (int64_t c = 0; c < C; ++c) {
                want_grad.push_back(scale * row.grad[c]);
                grad_from_rounded.push_back(scale * row_r.grad[c]);
            }
        }
        if (reduction != LF_REDUCTION_NONE) {
            want_loss = {want_sum * scale};
            loss_from_rounded = {rounded_sum * scale};
        }
        d_grad.poison();
        d_loss.poison();
        const Stream stream;
        check_status(lf_compact_loss_fwd(LF_DEVICE_CUDA, stream.get(), dtype, B, C, lambda, reduction, d_logits.at(0),
                                         logits_strides, d_targets.data(), 2,
                                         static_cast<float*>(d_loss.at(0)), d_grad.at(0), grad_strides),
                     what);
        stream.wait();
        std::vector<double> got_loss = to_double(d_loss.download());
        got_loss.resize(want_loss.size());
        const double loss_bound = dtype == LF_DTYPE_FLOAT32 ? kFloat32Tolerance
                                                            : 2.0 * lf_test::relative_error(loss_from_rounded, want_loss);
        check_close(what + " loss", got_loss, want_loss, loss_bound);
        check_close(what + " grad", to_double(d_grad.download()), want_grad,
                    tolerance(dtype, grad_from_rounded, want_grad));

        // The CPU kernel on the same rounded logits.
        std::vector<float> cpu_loss(B), cpu_grad(B * C);
        check_status(lf_compact_loss_fwd(LF_DEVICE_CPU, nullptr, LF_DTYPE_FLOAT32, B, C, lambda, reduction,
                                         transposed.data(), logits_strides, targets.data(), 2, cpu_loss.data(),
                                         cpu_grad.data(), grad_strides),
                     what + " CPU");
        cpu_loss.resize(want_loss.size());
        check_close(what + " loss vs CPU", got_loss, to_double(cpu_loss), kFloat32Tolerance);
        check_close(what + " grad vs CPU", to_double(d_grad.download()), to_double(cpu_grad), epsilon(dtype));
    }

    // A target out of range: on CUDA its row's loss and gradient are NaN, the other rows exact.
    std::vector<int64_t> bad = targets;
    bad[0] = C;
    d_targets.upload(bad);
    d_loss.poison();
    check_status(lf_compact_loss_fwd(LF_DEVICE_CUDA, nullptr, dtype, B, C, lambda, LF_REDUCTION_NONE, d_logits.at(0),
                                     logits_strides, d_targets.data(), 2,
                                     static_cast<float*>(d_loss.at(0)), d_grad.at(0), grad_strides),
                 name + " bad target");
    const std::vector<float> loss_rows = d_loss.download(), grad_rows = d_grad.download();
    CHECK(std::isnan(loss_rows[0]) && std::isnan(grad_rows[0]) && std::isfinite(loss_rows[1]) &&
              std::isfinite(grad_rows[C]),
          "%s: bad target row: loss %g, grad %g; next row: loss %g, grad %g", name.c_str(), loss_rows[0], grad_rows[0],
          loss_rows[1], grad_rows[C]);
}

struct LossCase {
    int64_t batch, classes;
};

const LossCase kLossCases[] = {
    {37, 7},    // DFEW's 7 classes; 37 rows = 5 blocks of 8 warps
    {5, 1000},  // many classes per lane
    {3, 2},     // C = 2: no compact term
};

TEST(compact_loss_matches_reference_and_cpu) {
    uint64_t seed = 301;
    for (size_t i = 1; i < std::size(kLossCases); ++i)
        for (lf_dtype dtype : kCudaDtypes) compact_loss_case(kLossCases[i].batch, kLossCases[i].classes, dtype, seed++);
}

// ---- all ops ------------------------------------------------------------------------------

TEST(every_op_in_every_dtype_on_a_small_case) {
    uint64_t seed = 1;
    for (lf_dtype dtype : kCudaDtypes) {
        window_attention_case(kWindowCases[0], dtype, seed++);
        cross_attention_case(kCrossCases[0].problem, kCrossCases[0].layout, dtype, seed++);
        global_tokens_case(kPoolCases[0], dtype, seed++);
        compact_loss_case(kLossCases[0].batch, kLossCases[0].classes, dtype, seed++);
    }
}

// Random shapes, layouts and dtypes for every op (LF_EXTENDED_TESTS=1; gpu_check.py runs it).
TEST(extended_random_sweep) {
    if (!lf_test::extended()) {
        std::printf("  not run: set LF_EXTENDED_TESTS=1\n");
        return;
    }
    std::mt19937_64 rng(4242);
    const auto pick = [&](int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); };
    const Layout layouts[] = {Layout::dense, Layout::packed_qkv, Layout::heads_major, Layout::head_dim_strided,
                              Layout::misaligned};
    const auto dtype = [&] { return kCudaDtypes[pick(0, 2)]; };
    for (int i = 0; i < 24; ++i) {
        lf_test::WindowProblem p{pick(1, 3), pick(1, 3), pick(1, 128), pick(0, 3), {}, {}, 0};
        for (int a = 0; a < 3; ++a) {
            p.window[a] = pick(1, 4);
            p.grid[a] = p.window[a] * pick(1, 3);
        }
        p.scale = 1.0 / std::sqrt(static_cast<double>(p.head_dim));
        window_attention_case({p, layouts[pick(0, 4)]}, dtype(), 1000 + i);
    }
    const Layout cross_layouts[] = {Layout::dense, Layout::heads_major, Layout::head_dim_strided, Layout::misaligned};
    for (int i = 0; i < 16; ++i) {
        const lf_test::CrossProblem p{pick(1, 3), pick(1, 3), pick(1, 128), pick(1, 300), pick(1, 80), 0.1};
        cross_attention_case(p, cross_layouts[pick(0, 3)], dtype(), 2000 + i);
    }
    for (int i = 0; i < 8; ++i) {
        lf_test::PoolProblem p{pick(1, 3), pick(1, 600), {}, {}, 1e-5};
        for (int a = 0; a < 3; ++a) {
            p.pool[a] = pick(1, 4);
            p.grid[a] = p.pool[a] * pick(1, 3);
        }
        global_tokens_case(p, dtype(), 3000 + i);
    }
    for (int i = 0; i < 8; ++i) compact_loss_case(pick(1, 300), pick(2, 1200), dtype(), 4000 + i);
}

TEST(cuda_errors_become_status_codes) {
    // A host pointer where the GPU needs device memory: refused before any launch.
    std::vector<float> host(64, 0.0f), lse(16, 0.0f);
    const int64_t strides[4] = {16, 4, 4, 1};
    const lf_status got = lf_cross_attention_fwd(LF_DEVICE_CUDA, nullptr, LF_DTYPE_BFLOAT16, 1, 1, 4, 4, 4, 0.5f,
                                                 host.data(), strides, host.data(), strides, host.data(), strides,
                                                 host.data(), strides, lse.data());
    CHECK(got == LF_ERROR_INVALID_ARGUMENT && std::strstr(lf_last_error_message(), "q: expected GPU-accessible"),
          "host pointer: %s %s", lf_status_string(got), lf_last_error_message());
    // Head dims above the widest kernel variant are refused as unsupported, not launched.
    const DeviceBuffer buffer(4 * 200, LF_DTYPE_FLOAT32);
    const DeviceFloats stats(4);
    const int64_t wide[4] = {800, 200, 200, 1};
    const lf_status wide_status = lf_cross_attention_fwd(
        LF_DEVICE_CUDA, nullptr, LF_DTYPE_FLOAT32, 1, 1, 200, 4, 4, 0.5f, buffer.at(0), wide, buffer.at(0), wide,
        buffer.at(0), wide, buffer.at(0), wide, stats.data());
    CHECK(wide_status == LF_ERROR_UNSUPPORTED && std::strstr(lf_last_error_message(), "head_dim: expected <= 128"),
          "wide head dim: %s %s", lf_status_string(wide_status), lf_last_error_message());
}

}  // namespace

int main(int argc, char** argv) { return lf_test::run_cuda_tests(argc, argv); }
