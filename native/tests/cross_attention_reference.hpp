// Naive float64 cross attention (DESIGN.md 4.3), forward and backward: the oracle of the fused
// kernel. Dense row-major arrays: q [B, Nq, heads, D], k and v [B, Nk, heads, D].
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

namespace lf_test {

struct CrossProblem {
    int64_t batch, heads, head_dim, queries, keys;
    double scale;

    int64_t index(int64_t b, int64_t t, int64_t rows, int64_t h, int64_t d) const {
        return ((b * rows + t) * heads + h) * head_dim + d;
    }
    int64_t q_elements() const { return batch * queries * heads * head_dim; }
    int64_t k_elements() const { return batch * keys * heads * head_dim; }
};

struct CrossReference {
    std::vector<double> out, lse, d_q, d_k, d_v;
};

inline CrossReference cross_reference(const CrossProblem& p, const std::vector<double>& q,
                                      const std::vector<double>& k, const std::vector<double>& v,
                                      const std::vector<double>& d_out) {
    CrossReference r{std::vector<double>(p.q_elements()), std::vector<double>(p.batch * p.heads * p.queries),
                     std::vector<double>(p.q_elements()), std::vector<double>(p.k_elements()),
                     std::vector<double>(p.k_elements())};
    const int64_t Nq = p.queries, Nk = p.keys;
    for (int64_t b = 0; b < p.batch; ++b)
        for (int64_t h = 0; h < p.heads; ++h)
            for (int64_t i = 0; i < Nq; ++i) {
                std::vector<double> prob(Nk);
                double max = -INFINITY, sum = 0;
                for (int64_t j = 0; j < Nk; ++j) {
                    double dot = 0;
                    for (int64_t d = 0; d < p.head_dim; ++d)
                        dot += q[p.index(b, i, Nq, h, d)] * k[p.index(b, j, Nk, h, d)];
                    prob[j] = p.scale * dot;
                    max = std::fmax(max, prob[j]);
                }
                for (double& x : prob) sum += (x = std::exp(x - max));
                for (double& x : prob) x /= sum;
                r.lse[(b * p.heads + h) * Nq + i] = max + std::log(sum);
                double delta = 0;
                std::vector<double> d_prob(Nk);
                for (int64_t j = 0; j < Nk; ++j) {
                    double dot = 0;
                    for (int64_t d = 0; d < p.head_dim; ++d) {
                        r.out[p.index(b, i, Nq, h, d)] += prob[j] * v[p.index(b, j, Nk, h, d)];
                        dot += d_out[p.index(b, i, Nq, h, d)] * v[p.index(b, j, Nk, h, d)];
                    }
                    d_prob[j] = dot;
                    delta += prob[j] * dot;
                }
                for (int64_t j = 0; j < Nk; ++j) {
                    const double d_score = prob[j] * (d_prob[j] - delta) * p.scale;
                    for (int64_t d = 0; d < p.head_dim; ++d) {
                        r.d_q[p.index(b, i, Nq, h, d)] += d_score * k[p.index(b, j, Nk, h, d)];
                        r.d_k[p.index(b, j, Nk, h, d)] += d_score * q[p.index(b, i, Nq, h, d)];
                        r.d_v[p.index(b, j, Nk, h, d)] += prob[j] * d_out[p.index(b, i, Nq, h, d)];
                    }
                }
            }
    return r;
}

}  // namespace lf_test
