// Fused compact softmax cross-entropy on the CPU (DESIGN.md 4.4), logits and gradient in float32
// or bfloat16, arithmetic in float32: writes each row's loss (the entry point reduces them) and,
// when requested, the gradient. One task = one row of logits, read from memory once (a bfloat16
// or strided row is first converted into a contiguous float32 copy): a max sweep and an exp sweep over the row (now in L1) give
// the non-target log-sum-exp, the all-class log-sum-exp (from it plus the target logit, so a
// confident target never cancels the non-target mass away), the compact term and the loss;
// when a gradient is requested a third sweep writes it. Compiled once per ISA;
// LF_ISA_NAMESPACE names the build. No standard-library templates here (see
// simd/aligned_buffer.hpp for why).
//
// Math, per row with target y, valid classes V = {j != y : z_j != -inf}, m = |V|, M = max_V z:
//   S = sum_V e^(z_j - M),  T = sum_V e^(z_j - M) (z_j - M),  D = sum_V (z_j - M)
//   p^_j = e^(z_j - M) / S,  KL(u||p^) + KL(p^||u) = sum_V p^_j z_j - mean_V z = T/S - D/m
//   (the log m terms cancel), and R = 0 when m = 0.
//   dR/dz_j = p^_j (1 + z_j - E) - 1/m for j in V (E = sum_V p^_k z_k), 0 elsewhere;
//   dCE/dz_j = p_j - [j = y], with p_j = q p^_j for j in V and 1 - p_y = q = e^(lse_V - lse).
#include <cmath>
#include <new>

#include "cpu/compact_loss/kernels.hpp"
#include "cpu/simd/aligned_buffer.hpp"
#include "cpu/simd/elements.hpp"
#include "cpu/simd/vec.hpp"

namespace lf::cpu::LF_ISA_NAMESPACE {
namespace {

using simd::vf;
using simd::vi;
constexpr int kWidth = simd::kWidth;

// Below this many logits (about 100 us of work) one thread does the whole batch: a fork and its
// barrier cost microseconds on idle cores but milliseconds when another process holds one, as
// measured in JMH at B = 4096, C = 7 (LibTorch's own grain size is 32768 elements per op).
constexpr int64_t kParallelElements = 65536;

vi lane_index() {
    vi index;
    for (int k = 0; k < kWidth; ++k) index[k] = k;
    return index;
}

// All-ones in the lane that holds class `target` of the chunk starting at class j.
vi target_lane(int64_t j, int64_t target) {
    const int64_t lane = target - j;
    return lane_index() == static_cast<int32_t>(lane >= 0 && lane < kWidth ? lane : -1);
}

// A row of logits read as vectors; lanes past the last class read -inf (a masked class).
struct Row {
    const float* data;
    int64_t classes;

    vf chunk(int64_t j) const {
        if (j + kWidth <= classes) return simd::load(data + j);
        alignas(64) float tail[kWidth];
        for (int k = 0; k < kWidth; ++k) tail[k] = j + k < classes ? data[j + k] : -INFINITY;
        return simd::load(tail);
    }
};

// Unlike simd::reduce_max, a NaN in any lane wins: a NaN logit must poison its row.
float reduce_max_keeping_nan(vf v) {
    float m = v[0];
    for (int k = 1; k < kWidth; ++k) m = (v[k] > m || v[k] != v[k]) ? v[k] : m;
    return m;
}

float max_over_non_targets(const Row& row, int64_t target) {
    vf max = simd::splat(-INFINITY);
    for (int64_t j = 0; j < row.classes; j += kWidth) {
        const vf x = row.chunk(j);
        const vi take = ((x > max) | (x != x)) & ~target_lane(j, target);
        max = take ? x : max;
    }
    return reduce_max_keeping_nan(max);
}

// Sums over the valid non-target classes, relative to their maximum (see the top comment).
struct RowStats {
    float max, sum_exp, sum_exp_dev, sum_dev;
    int64_t count;
};

RowStats non_target_stats(const Row& row, int64_t target) {
    const float max = max_over_non_targets(row, target);
    vf sum_exp = simd::splat(0.0f), sum_exp_dev = sum_exp, sum_dev = sum_exp;
    vi count{};
    for (int64_t j = 0; j < row.classes; j += kWidth) {
        const vf x = row.chunk(j);
        const vi valid = (x != -INFINITY) & ~target_lane(j, target);
        const vf dev = valid ? x - max : simd::splat(0.0f);
        const vf e = valid ? simd::exp(dev) : simd::splat(0.0f);
        sum_exp += e;
        sum_exp_dev += e * dev;
        sum_dev += dev;
        count -= valid;  // a true comparison lane is -1
    }
    int64_t total = 0;
    for (int k = 0; k < kWidth; ++k) total += count[k];
    return {max, simd::reduce_sum(sum_exp), simd::reduce_sum(sum_exp_dev), simd::reduce_sum(sum_dev), total};
}

// The row's loss and the per-row constants of its gradient.
struct RowResult {
    double loss;
    float log_sum_exp;  // log S: p^_j = e^(z_j - M - log S)
    float other_mass;   // q = 1 - p_y
    float offset;       // q + lambda (1 - T/S): dz_j = p^_j (offset + lambda (z_j - M)) - lambda/m
    float inv_count;    // 1/m, 0 when m = 0
};

RowResult row_result(const RowStats& s, float target_logit, float lambda) {
    const double target = target_logit;
    const bool any = s.count > 0;
    const double log_sum = any ? std::log(static_cast<double>(s.sum_exp)) : 0.0;
    const double lse_other = any ? s.max + log_sum : -INFINITY;
    const double top = any && s.max > target ? s.max : target;
    const double lse = top + std::log((any ? std::exp(lse_other - top) : 0.0) + std::exp(target - top));
    const double mean_dev_p = any ? static_cast<double>(s.sum_exp_dev) / s.sum_exp : 0.0;  // E - M
    const double compact = any ? mean_dev_p - static_cast<double>(s.sum_dev) / s.count : 0.0;
    const double other_mass = any ? std::exp(lse_other - lse) : 0.0;
    return {lse - target + lambda * compact, static_cast<float>(log_sum), static_cast<float>(other_mass),
            static_cast<float>(other_mass + lambda * (1.0 - mean_dev_p)),
            any ? static_cast<float>(1.0 / s.count) : 0.0f};
}

template <typename E>
void write_gradient(const Row& row, int64_t target, const RowStats& s, const RowResult& r, float lambda, float scale,
                    E* out, int64_t out_stride) {
    for (int64_t j = 0; j < row.classes; j += kWidth) {
        const vf x = row.chunk(j);
        const vi is_target = target_lane(j, target);
        const vi valid = (x != -INFINITY) & ~is_target;
        // x - max first: exact for nearby logits, where max + log S rounded would not be at 1e4.
        const vf dev = x - s.max;
        const vf p_hat = valid ? simd::exp(dev - r.log_sum_exp) : simd::splat(0.0f);
        vf g = valid ? scale * (p_hat * (r.offset + lambda * dev) - lambda * r.inv_count) : simd::splat(0.0f);
        g = is_target ? simd::splat(-scale * r.other_mass) : g;
        if (out_stride == 1 && j + kWidth <= row.classes) {
            simd::store_floats(out + j, g);
        } else {
            for (int k = 0; k < kWidth && j + k < row.classes; ++k) out[(j + k) * out_stride] = simd::from_float<E>(g[k]);
        }
    }
}

template <typename E>
void compact_loss_rows(const CompactLossForward& p, double* row_loss) {
    const E* logits_data = static_cast<const E*>(p.logits);
    E* grad = static_cast<E*>(p.grad);
    const bool copied = p.logits_stride[1] != 1 || !simd::kIsFloat32<E>;
    const bool parallel = p.batch > 1 && p.batch * p.classes >= kParallelElements;
    int out_of_memory = 0;
#pragma omp parallel if (parallel) reduction(| : out_of_memory)
    {
        const AlignedBuffer copy(copied ? static_cast<size_t>(p.classes) : 0);
        out_of_memory |= copy.ok() ? 0 : 1;
#pragma omp for schedule(static)
        for (int64_t b = 0; b < p.batch; ++b) {
            if (!copy.ok()) continue;
            const E* logits = logits_data + b * p.logits_stride[0];
            Row row{copy.data(), p.classes};
            if (copied) {
                for (int64_t c = 0; c < p.classes; ++c) copy.data()[c] = simd::to_float(logits[c * p.logits_stride[1]]);
            } else {
                row.data = reinterpret_cast<const float*>(logits);  // E is float here
            }
            const int64_t target = p.targets[b * p.targets_stride];
            const RowStats stats = non_target_stats(row, target);
            const RowResult result = row_result(stats, row.data[target], p.lambda);
            row_loss[b] = result.loss;
            if (grad != nullptr) {
                write_gradient(row, target, stats, result, p.lambda, p.grad_scale, grad + b * p.grad_stride[0],
                               p.grad_stride[1]);
            }
        }
    }
    if (out_of_memory) throw std::bad_alloc();
}

}  // namespace

void compact_loss(const CompactLossForward& params, int32_t dtype, double* row_loss) {
    simd::for_dtype(dtype, [&](auto element) { compact_loss_rows<decltype(element)>(params, row_loss); });
}

}  // namespace lf::cpu::LF_ISA_NAMESPACE
