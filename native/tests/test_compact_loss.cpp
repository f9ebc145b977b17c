// Fused CPU compact loss against the float64 oracle, logits and gradient in float32 and bfloat16
// (the loss is float32): C = 2, 7, 11, 1000 and B = 1 .. 4096, every reduction, strided logits,
// targets and gradients, logits up to +-1e4, -inf entries, outputs poisoned with NaN; every error
// path. ctest runs this once per SIMD build.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "compact_loss_reference.hpp"
#include "elements.hpp"
#include "harness.hpp"
#include "logoformer/logoformer.h"

using lf_test::Bf16;

namespace {

constexpr double kTolerance = 1e-5;  // DESIGN.md 8: fp32 kernel vs fp64 oracle, relative

// How a [B, C] float matrix sits in memory; every layout is poisoned with NaN first.
enum class Layout { row_major, column_major, padded_rows, class_strided };
constexpr Layout kLayouts[] = {Layout::row_major, Layout::column_major, Layout::padded_rows, Layout::class_strided};

const char* layout_name(Layout layout) {
    switch (layout) {
        case Layout::row_major: return "row_major";
        case Layout::column_major: return "column_major";
        case Layout::padded_rows: return "padded_rows";
        default: return "class_strided";
    }
}

template <typename T>
struct Matrix {
    int64_t rows, cols, strides[2];
    std::vector<T> storage;

    Matrix(int64_t B, int64_t C, Layout layout) : rows(B), cols(C), strides{C, 1} {
        switch (layout) {
            case Layout::row_major: break;
            case Layout::column_major: strides[0] = 1, strides[1] = B; break;
            case Layout::padded_rows: strides[0] = C + 3, strides[1] = 1; break;
            case Layout::class_strided: strides[0] = 2 * C, strides[1] = 2; break;
        }
        storage.assign(static_cast<size_t>((B - 1) * strides[0] + (C - 1) * strides[1] + 1), lf_test::from_double<T>(NAN));
    }
    T& at(int64_t b, int64_t c) { return storage[b * strides[0] + c * strides[1]]; }
};

struct Problem {
    int64_t batch, classes;
    double range;         // logits uniform in [-range, range]
    double masked = 0.0;  // fraction of non-target logits set to -inf
    float lambda = 0.5f;
};

// Logits rounded to float (the oracle sees exactly what the kernel sees) and targets.
struct Inputs {
    std::vector<std::vector<double>> logits;
    std::vector<int64_t> targets;
};

Inputs make_inputs(const Problem& p, std::mt19937_64& rng) {
    std::uniform_real_distribution<double> value(-p.range, p.range), unit(0, 1);
    std::uniform_int_distribution<int64_t> cls(0, p.classes - 1);
    Inputs in{std::vector<std::vector<double>>(p.batch, std::vector<double>(p.classes)), std::vector<int64_t>(p.batch)};
    for (int64_t b = 0; b < p.batch; ++b) {
        in.targets[b] = cls(rng);
        for (int64_t c = 0; c < p.classes; ++c) {
            const bool mask = c != in.targets[b] && unit(rng) < p.masked;
            in.logits[b][c] = mask ? -INFINITY : static_cast<float>(value(rng));
        }
    }
    return in;
}

struct Result {
    lf_status status;
    std::vector<double> loss, grad;  // grad dense row-major
};

// The logits are stored as T (rounded), the gradient is T.
template <typename T = float>
Result run_kernel(const Inputs& in, int64_t C, float lambda, lf_reduction reduction, Layout logits_layout,
                  Layout grad_layout, int64_t targets_stride) {
    const int64_t B = static_cast<int64_t>(in.targets.size());
    Matrix<T> logits(B, C, logits_layout), grad(B, C, grad_layout);
    for (int64_t b = 0; b < B; ++b)
        for (int64_t c = 0; c < C; ++c) logits.at(b, c) = lf_test::from_double<T>(in.logits[b][c]);
    std::vector<int64_t> targets(static_cast<size_t>(B * targets_stride), -1);
    for (int64_t b = 0; b < B; ++b) targets[b * targets_stride] = in.targets[b];
    std::vector<float> loss(reduction == LF_REDUCTION_NONE ? B : 1, NAN);

    Result r;
    r.status = lf_compact_loss_fwd(LF_DEVICE_CPU, nullptr, lf_test::kDtype<T>, B, C, lambda, reduction,
                                   logits.storage.data(), logits.strides, targets.data(), targets_stride, loss.data(),
                                   grad.storage.data(), grad.strides);
    r.loss.assign(loss.begin(), loss.end());
    for (int64_t b = 0; b < B; ++b)
        for (int64_t c = 0; c < C; ++c) r.grad.push_back(lf_test::to_double(grad.at(b, c)));
    return r;
}

struct Expected {
    std::vector<double> loss, grad;
};

Expected run_reference(const Inputs& in, double lambda, lf_reduction reduction) {
    const double B = static_cast<double>(in.targets.size());
    const double scale = reduction == LF_REDUCTION_MEAN ? 1 / B : 1;
    Expected e;
    double total = 0;
    for (size_t b = 0; b < in.targets.size(); ++b) {
        const lf_test::CompactLossRow row = lf_test::compact_loss_row(in.logits[b], in.targets[b], lambda);
        total += row.loss;
        if (reduction == LF_REDUCTION_NONE) e.loss.push_back(row.loss);
        for (double g : row.grad) e.grad.push_back(scale * g);
    }
    if (reduction != LF_REDUCTION_NONE) e.loss.push_back(total * scale);
    return e;
}

// Over the entries where want is finite: max |got - want| / max |want| and
// sqrt(sum (got - want)^2 / sum want^2); entries where want is +-inf must match exactly. Both NaN
// where got has a NaN the oracle does not.
struct Errors {
    double max, rms;
};
Errors errors(const std::vector<double>& got, const std::vector<double>& want) {
    double max_error = 0, max_want = 0, squared_error = 0, squared_want = 0;
    for (size_t i = 0; i < want.size(); ++i) {
        if (std::isnan(got[i]) != std::isnan(want[i])) return {NAN, NAN};
        if (std::isnan(want[i])) continue;
        if (std::isinf(want[i])) {
            if (got[i] != want[i]) return {NAN, NAN};
            continue;
        }
        const double error = std::fabs(got[i] - want[i]);
        max_error = std::fmax(max_error, error);
        max_want = std::fmax(max_want, std::fabs(want[i]));
        squared_error += error * error;
        squared_want += want[i] * want[i];
    }
    return {max_want == 0 ? max_error : max_error / max_want,
            squared_want == 0 ? std::sqrt(squared_error) : std::sqrt(squared_error / squared_want)};
}
double relative_error(const std::vector<double>& got, const std::vector<double>& want) { return errors(got, want).max; }
double rms_relative_error(const std::vector<double>& got, const std::vector<double>& want) {
    return errors(got, want).rms;
}

const char* reduction_name(lf_reduction reduction) {
    return reduction == LF_REDUCTION_NONE ? "none" : reduction == LF_REDUCTION_MEAN ? "mean" : "sum";
}

// DESIGN.md 8 for a bfloat16 call, as lf_test::accuracy (strided_tensor.hpp): the RMS error
// within twice that of the float64 reference on the bf16-rounded logits (`from_rounded`), its
// output rounded to bf16 when the kernel's output is bf16 (the gradient; the loss stays
// float32), never below the float32 bound; infinite entries must match exactly.
double bfloat16_bound(const std::vector<double>& from_rounded, const std::vector<double>& want, bool bf16_output) {
    return std::fmax(kTolerance,
                     2.0 * rms_relative_error(bf16_output ? lf_test::rounded<Bf16>(from_rounded) : from_rounded, want));
}

template <typename T>
void check_case(const Problem& p, lf_reduction reduction, Layout logits_layout, Layout grad_layout,
                int64_t targets_stride, uint64_t seed) {
    char name[200];
    std::snprintf(name, sizeof name, "%s B%lld C%lld range %g masked %g lambda %g %s logits %s grad %s targets/%lld",
                  lf_test::dtype_name<T>(), static_cast<long long>(p.batch), static_cast<long long>(p.classes), p.range, p.masked,
                  static_cast<double>(p.lambda), reduction_name(reduction), layout_name(logits_layout),
                  layout_name(grad_layout), static_cast<long long>(targets_stride));
    std::mt19937_64 rng(seed);
    const Inputs in = make_inputs(p, rng);
    const Result got = run_kernel<T>(in, p.classes, p.lambda, reduction, logits_layout, grad_layout, targets_stride);
    CHECK(got.status == LF_OK, "%s: returned %s: %s", name, lf_status_string(got.status), lf_last_error_message());
    const Expected want = run_reference(in, p.lambda, reduction);
    if (lf_test::kDtype<T> == LF_DTYPE_FLOAT32) {
        CHECK_ERROR(name, "loss", relative_error(got.loss, want.loss), kTolerance);
        CHECK_ERROR(name, "grad", relative_error(got.grad, want.grad), kTolerance);
        return;
    }
    Inputs rounded = in;
    for (std::vector<double>& row : rounded.logits) row = lf_test::rounded<Bf16>(row);
    const Expected from_rounded = run_reference(rounded, p.lambda, reduction);
    CHECK_ERROR(name, "loss", rms_relative_error(got.loss, want.loss), bfloat16_bound(from_rounded.loss, want.loss, false));
    CHECK_ERROR(name, "grad", rms_relative_error(got.grad, want.grad), bfloat16_bound(from_rounded.grad, want.grad, true));
}

// In both CPU dtypes.
void check_case(const Problem& p, lf_reduction reduction, Layout logits_layout, Layout grad_layout,
                int64_t targets_stride, uint64_t seed) {
    check_case<float>(p, reduction, logits_layout, grad_layout, targets_stride, seed);
    check_case<Bf16>(p, reduction, logits_layout, grad_layout, targets_stride, seed);
}

constexpr lf_reduction kReductions[] = {LF_REDUCTION_NONE, LF_REDUCTION_MEAN, LF_REDUCTION_SUM};

}  // namespace

TEST(oracle_gradient_matches_its_own_finite_differences) {
    std::mt19937_64 rng(5);
    const Inputs in = make_inputs(Problem{4, 9, 3.0, 0.25}, rng);
    for (size_t b = 0; b < in.targets.size(); ++b) {
        const lf_test::CompactLossRow row = lf_test::compact_loss_row(in.logits[b], in.targets[b], 0.7);
        for (size_t j = 0; j < in.logits[b].size(); ++j) {
            if (std::isinf(in.logits[b][j])) continue;
            std::vector<double> plus = in.logits[b], minus = in.logits[b];
            plus[j] += 1e-6;
            minus[j] -= 1e-6;
            const double numeric = (lf_test::compact_loss_row(plus, in.targets[b], 0.7).loss -
                                    lf_test::compact_loss_row(minus, in.targets[b], 0.7).loss) / 2e-6;
            CHECK(std::fabs(numeric - row.grad[j]) < 1e-6, "row %zu class %zu: analytic %.9g, numeric %.9g", b, j,
                  row.grad[j], numeric);
        }
    }
}

TEST(sweep_of_classes_and_batch_sizes_for_every_reduction) {
    uint64_t seed = 1;
    for (int64_t C : {2, 7, 11, 1000})
        for (int64_t B : {1, 3, 32, 257, 4096})
            for (lf_reduction reduction : kReductions) {
                const Layout logits_layout = kLayouts[seed % 4], grad_layout = kLayouts[(seed / 4) % 4];
                // bfloat16 up to B = 257: the large batches test the float32 reduction, not the dtype.
                if (B <= 257) {
                    check_case(Problem{B, C, 5.0}, reduction, logits_layout, grad_layout, 1 + seed % 2, seed);
                } else {
                    check_case<float>(Problem{B, C, 5.0}, reduction, logits_layout, grad_layout, 1 + seed % 2, seed);
                }
                ++seed;
            }
}

TEST(every_layout_pair) {
    uint64_t seed = 100;
    for (Layout logits : kLayouts)
        for (Layout grad : kLayouts) check_case(Problem{19, 37, 4.0}, LF_REDUCTION_NONE, logits, grad, 2, seed++);
}

TEST(logits_of_magnitude_1e4) {
    for (int64_t C : {2, 7, 1000})
        for (lf_reduction reduction : kReductions)
            check_case(Problem{64, C, 1e4}, reduction, Layout::row_major, Layout::row_major, 1, 200 + C);
}

TEST(masked_classes_at_minus_infinity) {
    for (int64_t C : {3, 7, 11, 1000})
        for (double masked : {0.3, 1.0})  // 1.0: only the target is left in every row, R = 0
            check_case(Problem{65, C, 6.0, masked}, LF_REDUCTION_NONE, Layout::padded_rows, Layout::column_major, 1,
                       300 + C);
}

TEST(lambda_zero_is_plain_cross_entropy_and_large_lambda_is_accurate) {
    for (float lambda : {0.0f, 3.0f}) {
        Problem p{33, 11, 5.0, 0.1};
        p.lambda = lambda;
        for (lf_reduction reduction : kReductions)
            check_case(p, reduction, Layout::class_strided, Layout::row_major, 1, 400);
    }
}

TEST(masked_target_gives_infinite_loss_and_finite_gradient) {
    std::mt19937_64 rng(9);
    Inputs in = make_inputs(Problem{3, 7, 2.0}, rng);
    in.logits[1][in.targets[1]] = -INFINITY;
    const Result got = run_kernel(in, 7, 0.5f, LF_REDUCTION_NONE, Layout::row_major, Layout::row_major, 1);
    CHECK(got.status == LF_OK, "status %s", lf_status_string(got.status));
    CHECK(got.loss[1] == INFINITY && std::isfinite(got.loss[0]) && std::isfinite(got.loss[2]), "losses %g %g %g",
          got.loss[0], got.loss[1], got.loss[2]);
    const Expected want = run_reference(in, 0.5, LF_REDUCTION_NONE);
    CHECK(relative_error(got.grad, want.grad) <= kTolerance, "grad relative error %.3g",
          relative_error(got.grad, want.grad));
}

TEST(nan_or_positive_infinity_poisons_only_its_own_row) {
    for (double bad : {static_cast<double>(NAN), static_cast<double>(INFINITY)}) {
        std::mt19937_64 rng(10);
        Inputs in = make_inputs(Problem{3, 40, 2.0}, rng);
        in.logits[1][(in.targets[1] + 1) % 40] = bad;
        const Result got = run_kernel(in, 40, 0.5f, LF_REDUCTION_NONE, Layout::row_major, Layout::row_major, 1);
        CHECK(std::isnan(got.loss[1]), "%g: row 1 loss %g", bad, got.loss[1]);
        for (int64_t b : {0, 2}) {
            CHECK(std::isfinite(got.loss[b]), "%g: row %lld loss %g", bad, static_cast<long long>(b), got.loss[b]);
            for (int64_t c = 0; c < 40; ++c)
                CHECK(std::isfinite(got.grad[b * 40 + c]), "%g: row %lld grad", bad, static_cast<long long>(b));
        }
    }
}

TEST(loss_only_call_accepts_null_gradient) {
    std::mt19937_64 rng(11);
    const Inputs in = make_inputs(Problem{5, 7, 2.0}, rng);
    Matrix<float> logits(5, 7, Layout::row_major);
    for (int64_t b = 0; b < 5; ++b)
        for (int64_t c = 0; c < 7; ++c) logits.at(b, c) = static_cast<float>(in.logits[b][c]);
    float loss = NAN;
    const lf_status status = lf_compact_loss_fwd(LF_DEVICE_CPU, nullptr, LF_DTYPE_FLOAT32, 5, 7, 0.5f,
                                                 LF_REDUCTION_SUM, logits.storage.data(), logits.strides,
                                                 in.targets.data(), 1, &loss, nullptr, nullptr);
    CHECK(status == LF_OK, "status %s", lf_status_string(status));
    const double want = run_reference(in, 0.5, LF_REDUCTION_SUM).loss[0];
    CHECK(std::fabs(loss - want) <= kTolerance * std::fabs(want), "loss %.9g, want %.9g", loss, want);
}

namespace {

// A valid call (B = 2, C = 3) whose arguments each error case breaks one at a time.
struct Call {
    int32_t device = LF_DEVICE_CPU, dtype = LF_DTYPE_FLOAT32, reduction = LF_REDUCTION_MEAN;
    void* stream = nullptr;
    int64_t batch = 2, classes = 3, targets_stride = 1;
    float lambda = 0.5f;
    std::vector<float> logits = std::vector<float>(6, 0.5f), grad = std::vector<float>(6, NAN);
    std::vector<int64_t> target_values = {0, 2};
    int64_t dense[2] = {3, 1}, overlapping[2] = {1, 1}, negative[2] = {3, -1};
    const void* logits_ptr = logits.data();
    const int64_t *logits_strides = dense, *targets = target_values.data(), *grad_strides = dense;
    void* grad_ptr = grad.data();
    float loss = NAN;
    float* loss_ptr = &loss;

    lf_status run() {
        return lf_compact_loss_fwd(device, stream, dtype, batch, classes, lambda, reduction, logits_ptr,
                                   logits_strides, targets, targets_stride, loss_ptr, grad_ptr, grad_strides);
    }
};

void expect_error(const char* what, lf_status want, const char* message_part, const std::function<void(Call&)>& breaker) {
    Call call;
    breaker(call);
    const lf_status got = call.run();
    const char* message = lf_last_error_message();
    CHECK(got == want, "%s: expected %s, got %s (%s)", what, lf_status_string(want), lf_status_string(got), message);
    CHECK(std::strstr(message, message_part) != nullptr, "%s: message \"%s\" lacks \"%s\"", what, message,
          message_part);
    CHECK(std::isnan(call.loss) && std::isnan(call.grad[0]), "%s: an output was written", what);
}

}  // namespace

TEST(every_error_names_the_argument_and_writes_nothing) {
    expect_error("null logits", LF_ERROR_NULL_POINTER, "logits: expected a non-NULL pointer",
                 [](Call& c) { c.logits_ptr = nullptr; });
    expect_error("null logits strides", LF_ERROR_NULL_POINTER, "logits_strides: expected a non-NULL pointer",
                 [](Call& c) { c.logits_strides = nullptr; });
    expect_error("null targets", LF_ERROR_NULL_POINTER, "targets: expected a non-NULL pointer",
                 [](Call& c) { c.targets = nullptr; });
    expect_error("null loss", LF_ERROR_NULL_POINTER, "loss: expected a non-NULL pointer",
                 [](Call& c) { c.loss_ptr = nullptr; });
    expect_error("null grad strides", LF_ERROR_NULL_POINTER, "grad_logits_strides: expected a non-NULL pointer",
                 [](Call& c) { c.grad_strides = nullptr; });
    expect_error("one class", LF_ERROR_INVALID_ARGUMENT, "classes: expected >= 2", [](Call& c) { c.classes = 1; });
    expect_error("empty batch", LF_ERROR_INVALID_ARGUMENT, "batch: expected >= 1, got 0", [](Call& c) { c.batch = 0; });
    expect_error("target too large", LF_ERROR_INVALID_ARGUMENT,
                 "targets: expected class indices in [0, classes = 3), got 3 at row 1",
                 [](Call& c) { c.target_values[1] = 3; });
    expect_error("negative target", LF_ERROR_INVALID_ARGUMENT, "got -1 at row 0",
                 [](Call& c) { c.target_values[0] = -1; });
    expect_error("negative targets stride", LF_ERROR_INVALID_ARGUMENT, "targets: expected non-negative strides",
                 [](Call& c) { c.targets_stride = -1; });
    expect_error("bad reduction", LF_ERROR_INVALID_ARGUMENT, "reduction: expected LF_REDUCTION_NONE (0)",
                 [](Call& c) { c.reduction = 3; });
    expect_error("nan lambda", LF_ERROR_INVALID_ARGUMENT, "lambda: expected a finite number, got nan",
                 [](Call& c) { c.lambda = NAN; });
    expect_error("infinite lambda", LF_ERROR_INVALID_ARGUMENT, "lambda: expected a finite number, got inf",
                 [](Call& c) { c.lambda = INFINITY; });
    expect_error("negative logits stride", LF_ERROR_INVALID_ARGUMENT, "logits: expected non-negative strides",
                 [](Call& c) { c.logits_strides = c.negative; });
    expect_error("overlapping gradient", LF_ERROR_INVALID_ARGUMENT, "grad_logits: expected an output layout",
                 [](Call& c) { c.grad_strides = c.overlapping; });
    expect_error("gradient aliasing the logits", LF_ERROR_INVALID_ARGUMENT,
                 "grad_logits: expected memory apart from logits, got bytes [",
                 [](Call& c) { c.grad_ptr = c.logits.data() + 1; });
    expect_error("loss inside the logits", LF_ERROR_INVALID_ARGUMENT, "loss: expected memory apart from logits, got",
                 [](Call& c) { c.loss_ptr = c.logits.data() + 5; });
    expect_error("loss inside the gradient", LF_ERROR_INVALID_ARGUMENT,
                 "loss: expected memory apart from grad_logits", [](Call& c) { c.loss_ptr = c.grad.data() + 2; });
    expect_error("logits past the address space", LF_ERROR_OVERFLOW,
                 "logits: sizes [2, 3] and strides [4611686018427387904, 1] of 4-byte elements from address",
                 [](Call& c) {
                     static const int64_t wrapping[2] = {int64_t{1} << 62, 1};
                     c.logits_strides = wrapping;
                 });
    expect_error("huge shape", LF_ERROR_OVERFLOW, "batch * classes",
                 [](Call& c) { c.batch = c.classes = int64_t{1} << 40; });
    expect_error("unknown device", LF_ERROR_INVALID_ARGUMENT, "device: expected LF_DEVICE_CPU (0)",
                 [](Call& c) { c.device = 7; });
    if (lf_cuda_available()) {  // the CUDA path refuses this call's host pointers
        expect_error("cuda device", LF_ERROR_INVALID_ARGUMENT, "logits: expected GPU-accessible memory",
                     [](Call& c) { c.device = LF_DEVICE_CUDA; });
    } else {  // a CPU-only build, or no GPU or driver
        expect_error("cuda device", LF_ERROR_UNSUPPORTED, "device: LF_DEVICE_CUDA",
                     [](Call& c) { c.device = LF_DEVICE_CUDA; });
    }
    expect_error("stream on cpu", LF_ERROR_INVALID_ARGUMENT, "stream: expected NULL",
                 [](Call& c) { c.stream = &c.loss; });
    expect_error("float16 dtype", LF_ERROR_UNSUPPORTED, "dtype: expected LF_DTYPE_FLOAT32 or LF_DTYPE_BFLOAT16",
                 [](Call& c) { c.dtype = LF_DTYPE_FLOAT16; });
    expect_error("unknown dtype", LF_ERROR_INVALID_ARGUMENT, "dtype: expected LF_DTYPE_FLOAT32 (0)",
                 [](Call& c) { c.dtype = 9; });
}

TEST_MAIN()
