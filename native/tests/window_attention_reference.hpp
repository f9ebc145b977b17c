// Naive float64 window attention, forward and backward, straight from the math of
// DESIGN.md 4.1: the oracle the fused kernels are tested against. Dense [B, T, heads, D]
// row-major arrays; T = G + F*H*W.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

namespace lf_test {

struct WindowProblem {
    int64_t batch, heads, head_dim, leading_tokens;
    int64_t grid[3], window[3];
    double scale;

    int64_t grid_tokens() const { return grid[0] * grid[1] * grid[2]; }
    int64_t tokens() const { return leading_tokens + grid_tokens(); }
    int64_t elements() const { return batch * tokens() * heads * head_dim; }
    int64_t index(int64_t b, int64_t t, int64_t h, int64_t d) const {
        return ((b * tokens() + t) * heads + h) * head_dim + d;
    }
    // Keys of grid token n (0-based in the grid): the tokens of its window, then the leading tokens.
    std::vector<int64_t> keys_of(int64_t n) const {
        const int64_t x = n % grid[2], y = (n / grid[2]) % grid[1], t = n / (grid[1] * grid[2]);
        std::vector<int64_t> keys;
        for (int64_t m = 0; m < grid_tokens(); ++m) {
            const int64_t mx = m % grid[2], my = (m / grid[2]) % grid[1], mt = m / (grid[1] * grid[2]);
            if (mt / window[0] == t / window[0] && my / window[1] == y / window[1] && mx / window[2] == x / window[2])
                keys.push_back(leading_tokens + m);
        }
        for (int64_t g = 0; g < leading_tokens; ++g) keys.push_back(g);
        return keys;
    }
};

struct ReferenceForward {
    std::vector<double> out, lse;  // lse: [B, heads, N]
};

inline std::vector<double> probabilities(const WindowProblem& p, const std::vector<double>& q,
                                         const std::vector<double>& k, int64_t b, int64_t h, int64_t query,
                                         const std::vector<int64_t>& keys, double* lse) {
    std::vector<double> s(keys.size());
    double max = -INFINITY;
    for (size_t j = 0; j < keys.size(); ++j) {
        double dot = 0;
        for (int64_t d = 0; d < p.head_dim; ++d) dot += q[p.index(b, query, h, d)] * k[p.index(b, keys[j], h, d)];
        s[j] = p.scale * dot;
        max = std::fmax(max, s[j]);
    }
    double sum = 0;
    for (double& x : s) sum += (x = std::exp(x - max));
    for (double& x : s) x /= sum;
    *lse = max + std::log(sum);
    return s;
}

inline ReferenceForward reference_forward(const WindowProblem& p, const std::vector<double>& q,
                                          const std::vector<double>& k, const std::vector<double>& v) {
    ReferenceForward r{std::vector<double>(p.elements(), 0.0),
                       std::vector<double>(p.batch * p.heads * p.grid_tokens())};
    for (int64_t b = 0; b < p.batch; ++b)
        for (int64_t h = 0; h < p.heads; ++h)
            for (int64_t n = 0; n < p.grid_tokens(); ++n) {
                const std::vector<int64_t> keys = p.keys_of(n);
                const int64_t query = p.leading_tokens + n;
                const std::vector<double> prob =
                    probabilities(p, q, k, b, h, query, keys, &r.lse[(b * p.heads + h) * p.grid_tokens() + n]);
                for (size_t j = 0; j < keys.size(); ++j)
                    for (int64_t d = 0; d < p.head_dim; ++d)
                        r.out[p.index(b, query, h, d)] += prob[j] * v[p.index(b, keys[j], h, d)];
            }
    return r;
}

struct ReferenceGradients {
    std::vector<double> d_q, d_k, d_v;
};

inline ReferenceGradients reference_backward(const WindowProblem& p, const std::vector<double>& q,
                                             const std::vector<double>& k, const std::vector<double>& v,
                                             const std::vector<double>& d_out) {
    ReferenceGradients g{std::vector<double>(p.elements(), 0.0), std::vector<double>(p.elements(), 0.0),
                         std::vector<double>(p.elements(), 0.0)};
    for (int64_t b = 0; b < p.batch; ++b)
        for (int64_t h = 0; h < p.heads; ++h)
            for (int64_t n = 0; n < p.grid_tokens(); ++n) {
                const std::vector<int64_t> keys = p.keys_of(n);
                const int64_t query = p.leading_tokens + n;
                double lse;
                const std::vector<double> prob = probabilities(p, q, k, b, h, query, keys, &lse);
                std::vector<double> d_prob(keys.size());
                double delta = 0;
                for (size_t j = 0; j < keys.size(); ++j) {
                    double dot = 0;
                    for (int64_t d = 0; d < p.head_dim; ++d)
                        dot += d_out[p.index(b, query, h, d)] * v[p.index(b, keys[j], h, d)];
                    d_prob[j] = dot;
                    delta += prob[j] * dot;
                }
                for (size_t j = 0; j < keys.size(); ++j) {
                    const double d_score = prob[j] * (d_prob[j] - delta) * p.scale;
                    for (int64_t d = 0; d < p.head_dim; ++d) {
                        g.d_q[p.index(b, query, h, d)] += d_score * k[p.index(b, keys[j], h, d)];
                        g.d_k[p.index(b, keys[j], h, d)] += d_score * q[p.index(b, query, h, d)];
                        g.d_v[p.index(b, keys[j], h, d)] += prob[j] * d_out[p.index(b, query, h, d)];
                    }
                }
            }
    return g;
}

}  // namespace lf_test
