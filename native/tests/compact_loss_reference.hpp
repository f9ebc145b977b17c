// Float64 oracle of the compact softmax cross-entropy, written from the definitions (log-softmax,
// the two KL divergences with their log m terms) rather than from the kernel's simplified form,
// with the header's -inf semantics: a -inf logit is a masked class, left out of u.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

namespace lf_test {

struct CompactLossRow {
    double loss;
    std::vector<double> grad;  // d loss / d z for a unit upstream gradient
};

// log sum_j e^z_j over the j with keep[j]; -inf when none is kept.
inline double log_sum_exp(const std::vector<double>& z, const std::vector<bool>& keep) {
    double max = -INFINITY;
    for (size_t j = 0; j < z.size(); ++j)
        if (keep[j] && z[j] > max) max = z[j];
    if (max == -INFINITY) return -INFINITY;
    double sum = 0;
    for (size_t j = 0; j < z.size(); ++j)
        if (keep[j]) sum += std::exp(z[j] - max);
    return max + std::log(sum);
}

inline CompactLossRow compact_loss_row(const std::vector<double>& z, int64_t y, double lambda) {
    const size_t C = z.size();
    const std::vector<bool> all(C, true);
    std::vector<bool> valid(C);
    double m = 0;
    for (size_t j = 0; j < C; ++j) {
        valid[j] = static_cast<int64_t>(j) != y && z[j] != -INFINITY;
        m += valid[j] ? 1 : 0;
    }
    const double lse = log_sum_exp(z, all);
    const double cross_entropy = lse - z[y];
    CompactLossRow row{cross_entropy, std::vector<double>(C, 0.0)};
    for (size_t j = 0; j < C; ++j) row.grad[j] = std::exp(z[j] - lse) - (static_cast<int64_t>(j) == y ? 1 : 0);
    if (m == 0) return row;

    const double lse_valid = log_sum_exp(z, valid);
    double kl_u_p = 0, kl_p_u = 0, expected_z = 0;
    for (size_t j = 0; j < C; ++j) {
        if (!valid[j]) continue;
        const double log_p = z[j] - lse_valid, p = std::exp(log_p);
        kl_u_p += (1 / m) * (std::log(1 / m) - log_p);
        kl_p_u += p * (log_p - std::log(1 / m));
        expected_z += p * z[j];
    }
    row.loss += lambda * (kl_u_p + kl_p_u);
    for (size_t j = 0; j < C; ++j) {
        if (!valid[j]) continue;
        const double p = std::exp(z[j] - lse_valid);
        row.grad[j] += lambda * (p * (1 + z[j] - expected_z) - 1 / m);
    }
    return row;
}

}  // namespace lf_test
