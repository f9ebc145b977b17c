// Fused CPU global tokens against the float64 oracle, in float32 and bfloat16 (every tensor of
// the call in the dtype; mean and rstd float32; tolerances: lf_test::accuracy in
// strided_tensor.hpp): pool 1x1x1, pool = whole grid, non-cubic grids, odd channel counts,
// strided x (a view past CLS) and outputs poisoned with NaN; the oracle's backward against
// finite differences; every argument error. ctest runs it per SIMD build.
#include <cstring>
#include <functional>
#include <random>
#include <string>

#include "global_tokens_reference.hpp"
#include "harness.hpp"
#include "logoformer/logoformer.h"
#include "strided_tensor.hpp"

using lf_test::Bf16;
using lf_test::PoolGradients;
using lf_test::PoolParameters;
using lf_test::PoolProblem;

namespace {

PoolParameters random_parameters(const PoolProblem& p, std::mt19937_64& rng) {
    const int64_t C = p.channels;
    PoolParameters a{lf_test::random_values(p.batch * p.tokens() * C, 2.0, rng),
                     lf_test::random_values(C * p.cells(), 1.0, rng), lf_test::random_values(C, 1.0, rng),
                     lf_test::random_values(C, 1.5, rng), lf_test::random_values(C, 1.0, rng)};
    return a;
}

template <typename T>
void run_case(const PoolProblem& p, uint64_t seed) {
    using lf_test::read_back;
    using lf_test::rounded;
    using lf_test::stored_as;
    const std::string name = std::string(lf_test::dtype_name<T>()) + " B" + std::to_string(p.batch) + " C" + std::to_string(p.channels) + " grid " +
                             std::to_string(p.grid[0]) + "x" + std::to_string(p.grid[1]) + "x" +
                             std::to_string(p.grid[2]) + " pool " + std::to_string(p.pool[0]) + "x" +
                             std::to_string(p.pool[1]) + "x" + std::to_string(p.pool[2]);
    std::mt19937_64 rng(seed);
    const PoolParameters a = random_parameters(p, rng);
    const int64_t B = p.batch, N = p.tokens(), M = p.pooled(), C = p.channels, K = p.cells();
    const std::vector<double> d_out = lf_test::random_values(B * M * C, 1.0, rng);

    // x lives in a [B, 1 + N, C] buffer behind one CLS row; weight is stored [C, 1, pf, ph, pw]
    // like PyTorch's and passed without its singleton dim; gamma is strided.
    const T poison = lf_test::from_double<T>(NAN);
    std::vector<T> x_storage(B * (1 + N) * C, poison), weight = stored_as<T>(a.weight), bias = stored_as<T>(a.bias),
                                                       gamma(2 * C, poison), beta = stored_as<T>(a.beta);
    for (int64_t b = 0; b < B; ++b)
        for (int64_t i = 0; i < N * C; ++i)
            x_storage[(b * (1 + N) + 1) * C + i] = lf_test::from_double<T>(a.x[b * N * C + i]);
    for (int64_t c = 0; c < C; ++c) gamma[2 * c] = lf_test::from_double<T>(a.gamma[c]);
    const int64_t x_strides[3] = {(1 + N) * C, C, 1};
    const int64_t weight_strides[4] = {K, p.pool[1] * p.pool[2], p.pool[2], 1};
    // Output [B, M, C] stored channel-major ([B, C, M]) to exercise strides.
    std::vector<T> out(B * M * C, poison);
    std::vector<float> mean(B * M, NAN), rstd(B * M, NAN);
    const int64_t out_strides[3] = {M * C, 1, M};
    std::vector<T> d_out_stored = stored_as<T>(d_out);
    const int64_t dense[3] = {M * C, C, 1};
    std::vector<T> d_x(B * N * C, poison), d_weight(C * K, poison), d_bias(C, poison), d_gamma(C, poison),
        d_beta(C, poison);
    const int64_t d_x_strides[3] = {N * C, C, 1};

    const lf_dtype dtype = lf_test::kDtype<T>;
    lf_status status = lf_global_tokens_fwd(
        LF_DEVICE_CPU, nullptr, dtype, B, C, p.grid[0], p.grid[1], p.grid[2], p.pool[0], p.pool[1],
        p.pool[2], static_cast<float>(p.eps), x_storage.data() + C, x_strides, weight.data(), weight_strides,
        bias.data(), 1, gamma.data(), 2, beta.data(), 1, out.data(), out_strides, mean.data(), rstd.data());
    CHECK(status == LF_OK, "%s: forward %s: %s", name.c_str(), lf_status_string(status), lf_last_error_message());
    status = lf_global_tokens_bwd(LF_DEVICE_CPU, nullptr, dtype, B, C, p.grid[0], p.grid[1], p.grid[2],
                                  p.pool[0], p.pool[1], p.pool[2], static_cast<float>(p.eps), x_storage.data() + C,
                                  x_strides, weight.data(), weight_strides, bias.data(), 1, gamma.data(), 2,
                                  mean.data(), rstd.data(), d_out_stored.data(), dense, d_x.data(), d_x_strides,
                                  d_weight.data(), weight_strides, d_bias.data(), 1, d_gamma.data(), 1, d_beta.data(), 1);
    CHECK(status == LF_OK, "%s: backward %s: %s", name.c_str(), lf_status_string(status), lf_last_error_message());

    std::vector<double> out_dense(B * M * C);
    for (int64_t b = 0; b < B; ++b)
        for (int64_t m = 0; m < M; ++m)
            for (int64_t c = 0; c < C; ++c)
                out_dense[(b * M + m) * C + c] = lf_test::to_double(out[b * M * C + c * M + m]);
    const PoolGradients want = lf_test::pool_backward(p, a, d_out);
    const std::vector<double> want_out = lf_test::pool_forward(p, a);
    const bool f32 = lf_test::kDtype<T> == LF_DTYPE_FLOAT32;
    const PoolParameters a_in{rounded<T>(a.x), rounded<T>(a.weight), rounded<T>(a.bias), rounded<T>(a.gamma),
                              rounded<T>(a.beta)};
    const PoolGradients from_rounded = f32 ? want : lf_test::pool_backward(p, a_in, rounded<T>(d_out));
    const std::vector<double> out_from_rounded = f32 ? want_out : lf_test::pool_forward(p, a_in);
    const struct {
        const char* what;
        std::vector<double> got;
        const std::vector<double>& want;
        const std::vector<double>& from_rounded;
    } outputs[] = {{"out", out_dense, want_out, out_from_rounded},
                   {"d_x", read_back(d_x), want.d_x, from_rounded.d_x},
                   {"d_weight", read_back(d_weight), want.d_weight, from_rounded.d_weight},
                   {"d_bias", read_back(d_bias), want.d_bias, from_rounded.d_bias},
                   {"d_gamma", read_back(d_gamma), want.d_gamma, from_rounded.d_gamma},
                   {"d_beta", read_back(d_beta), want.d_beta, from_rounded.d_beta}};
    for (const auto& o : outputs) {
        const lf_test::Accuracy accuracy = lf_test::accuracy<T>(o.got, o.want, o.from_rounded);
        CHECK_ERROR(name, o.what, accuracy.error, accuracy.bound);
    }
}

// Each case in both CPU dtypes.
void run_case(const PoolProblem& p, uint64_t seed) {
    run_case<float>(p, seed);
    run_case<Bf16>(p, seed);
}

PoolProblem problem(int64_t B, int64_t C, int64_t F, int64_t H, int64_t W, int64_t pf, int64_t ph, int64_t pw) {
    return PoolProblem{B, C, {F, H, W}, {pf, ph, pw}, 1e-5};
}

}  // namespace

TEST(oracle_backward_matches_finite_differences) {
    const PoolProblem p = problem(2, 5, 2, 2, 4, 1, 2, 2);
    std::mt19937_64 rng(3);
    PoolParameters a = random_parameters(p, rng);
    const std::vector<double> d_out = lf_test::random_values(p.batch * p.pooled() * p.channels, 1.0, rng);
    const PoolGradients g = lf_test::pool_backward(p, a, d_out);
    const auto loss = [&] {
        const std::vector<double> out = lf_test::pool_forward(p, a);
        double sum = 0;
        for (size_t i = 0; i < out.size(); ++i) sum += out[i] * d_out[i];
        return sum;
    };
    const auto check_param = [&](std::vector<double>& values, const std::vector<double>& grad, const char* what) {
        double max_error = 0, max_grad = 0;
        for (size_t i = 0; i < values.size(); ++i) {
            const double saved = values[i], h = 1e-6;
            values[i] = saved + h;
            const double up = loss();
            values[i] = saved - h;
            const double down = loss();
            values[i] = saved;
            max_error = std::fmax(max_error, std::fabs((up - down) / (2 * h) - grad[i]));
            max_grad = std::fmax(max_grad, std::fabs(grad[i]));
        }
        CHECK(max_error <= 1e-6 * std::fmax(1.0, max_grad), "%s: finite-difference error %.3g", what, max_error);
    };
    check_param(a.x, g.d_x, "d_x");
    check_param(a.weight, g.d_weight, "d_weight");
    check_param(a.bias, g.d_bias, "d_bias");
    check_param(a.gamma, g.d_gamma, "d_gamma");
    check_param(a.beta, g.d_beta, "d_beta");
}

TEST(pool_of_one_cell_normalises_each_token) { run_case(problem(2, 7, 2, 3, 3, 1, 1, 1), 1); }

TEST(pool_equal_to_whole_grid_gives_one_token) { run_case(problem(2, 9, 2, 3, 5, 2, 3, 5), 2); }

TEST(non_cubic_grid_and_odd_channels) {
    run_case(problem(3, 33, 4, 6, 10, 2, 3, 5), 3);
    run_case(problem(1, 1, 2, 2, 2, 2, 1, 1), 4);  // one channel: LayerNorm gives beta
}

TEST(design_shape_pool_2x7x7) { run_case(problem(1, 64, 16, 7, 7, 2, 7, 7), 5); }

TEST(argument_errors_name_the_argument) {
    std::vector<float> buffer(256, 0.5f), stats(16, 0.0f);
    const int64_t s3[3] = {32, 4, 1}, s4[4] = {1, 1, 1, 1}, overlapping[3] = {0, 0, 1};
    struct Case {
        const char* want;
        lf_status status;
        std::function<lf_status()> call;
    };
    const auto forward = [&](int64_t C, int64_t pool_f, float eps, const void* x, const int64_t* out_strides,
                             int32_t dtype) {
        return lf_global_tokens_fwd(LF_DEVICE_CPU, nullptr, dtype, 1, C, 2, 2, 2, pool_f, 1, 1, eps, x, s3,
                                    buffer.data(), s4, buffer.data(), 1, buffer.data(), 1, buffer.data(), 1,
                                    buffer.data(), out_strides, stats.data(), stats.data());
    };
    const Case cases[] = {
        {"channels: expected >= 1, got 0", LF_ERROR_INVALID_ARGUMENT, [&] { return forward(0, 1, 1e-5f, buffer.data(), s3, 0); }},
        {"pool_f: expected a divisor of grid_f = 2, got 3", LF_ERROR_INVALID_ARGUMENT,
         [&] { return forward(4, 3, 1e-5f, buffer.data(), s3, 0); }},
        {"eps: expected > 0", LF_ERROR_INVALID_ARGUMENT, [&] { return forward(4, 1, 0.0f, buffer.data(), s3, 0); }},
        {"eps: expected a finite number", LF_ERROR_INVALID_ARGUMENT, [&] { return forward(4, 1, NAN, buffer.data(), s3, 0); }},
        {"x: expected a non-NULL pointer", LF_ERROR_NULL_POINTER, [&] { return forward(4, 1, 1e-5f, nullptr, s3, 0); }},
        {"out: expected an output layout", LF_ERROR_INVALID_ARGUMENT,
         [&] { return forward(4, 1, 1e-5f, buffer.data(), overlapping, 0); }},
        {"dtype: expected LF_DTYPE_FLOAT32 or LF_DTYPE_BFLOAT16 on LF_DEVICE_CPU, got 2 (float16: CUDA only)",
         LF_ERROR_UNSUPPORTED,
         [&] { return forward(4, 1, 1e-5f, buffer.data(), s3, LF_DTYPE_FLOAT16); }},
        {"d_bias: expected an output layout", LF_ERROR_INVALID_ARGUMENT, [&] {
             return lf_global_tokens_bwd(LF_DEVICE_CPU, nullptr, 0, 1, 4, 2, 2, 2, 1, 1, 1, 1e-5f, buffer.data(), s3,
                                         buffer.data(), s4, buffer.data(), 1, buffer.data(), 1, stats.data(),
                                         stats.data(), buffer.data(), s3, buffer.data(), s3, buffer.data(), s4,
                                         buffer.data(), 0, buffer.data(), 1, buffer.data(), 1);
         }},
    };
    for (const Case& c : cases) {
        const lf_status got = c.call();
        CHECK(got == c.status && std::strstr(lf_last_error_message(), c.want) != nullptr,
              "expected %s with \"%s\", got %s \"%s\"", lf_status_string(c.status), c.want, lf_status_string(got),
              lf_last_error_message());
    }
}

TEST_MAIN()
