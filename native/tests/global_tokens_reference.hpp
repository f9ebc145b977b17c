// Naive float64 global tokens (DESIGN.md 4.2): depthwise conv3d with kernel = stride = pool,
// plus bias, then LayerNorm over channels; forward and analytic backward. The backward is
// itself checked against finite differences of the forward (test_global_tokens.cpp).
// Dense arrays: x [B, N, C], weight [C, K] (K = pf*ph*pw, row-major cells), out [B, M, C].
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

namespace lf_test {

struct PoolProblem {
    int64_t batch, channels;
    int64_t grid[3], pool[3];
    double eps;

    int64_t tokens() const { return grid[0] * grid[1] * grid[2]; }
    int64_t cells() const { return pool[0] * pool[1] * pool[2]; }
    int64_t pooled() const { return tokens() / cells(); }
    int64_t token_of(int64_t m, int64_t k) const {
        const int64_t mh = grid[1] / pool[1], mw = grid[2] / pool[2];
        const int64_t mt = m / (mh * mw), my = (m / mw) % mh, mx = m % mw;
        const int64_t kt = k / (pool[1] * pool[2]), ky = (k / pool[2]) % pool[1], kx = k % pool[2];
        return ((mt * pool[0] + kt) * grid[1] + (my * pool[1] + ky)) * grid[2] + (mx * pool[2] + kx);
    }
};

struct PoolParameters {
    std::vector<double> x, weight, bias, gamma, beta;
};

struct PoolGradients {
    std::vector<double> d_x, d_weight, d_bias, d_gamma, d_beta;
};

// Pre-LayerNorm pooled value s[b, m, :].
inline std::vector<double> pooled_row(const PoolProblem& p, const PoolParameters& a, int64_t b, int64_t m) {
    const int64_t C = p.channels;
    std::vector<double> s(a.bias);
    for (int64_t k = 0; k < p.cells(); ++k)
        for (int64_t c = 0; c < C; ++c)
            s[c] += a.weight[c * p.cells() + k] * a.x[(b * p.tokens() + p.token_of(m, k)) * C + c];
    return s;
}

inline void moments(const std::vector<double>& s, double eps, double* mean, double* rstd) {
    double sum = 0, squares = 0;
    for (double v : s) sum += v;
    *mean = sum / s.size();
    for (double v : s) squares += (v - *mean) * (v - *mean);
    *rstd = 1.0 / std::sqrt(squares / s.size() + eps);
}

inline std::vector<double> pool_forward(const PoolProblem& p, const PoolParameters& a) {
    const int64_t C = p.channels, M = p.pooled();
    std::vector<double> out(p.batch * M * C);
    for (int64_t b = 0; b < p.batch; ++b)
        for (int64_t m = 0; m < M; ++m) {
            const std::vector<double> s = pooled_row(p, a, b, m);
            double mean, rstd;
            moments(s, p.eps, &mean, &rstd);
            for (int64_t c = 0; c < C; ++c)
                out[(b * M + m) * C + c] = (s[c] - mean) * rstd * a.gamma[c] + a.beta[c];
        }
    return out;
}

inline PoolGradients pool_backward(const PoolProblem& p, const PoolParameters& a, const std::vector<double>& d_out) {
    const int64_t C = p.channels, M = p.pooled(), K = p.cells();
    PoolGradients g{std::vector<double>(a.x.size()), std::vector<double>(a.weight.size()),
                    std::vector<double>(C), std::vector<double>(C), std::vector<double>(C)};
    for (int64_t b = 0; b < p.batch; ++b)
        for (int64_t m = 0; m < M; ++m) {
            const std::vector<double> s = pooled_row(p, a, b, m);
            double mean, rstd;
            moments(s, p.eps, &mean, &rstd);
            std::vector<double> hat(C), dg(C);
            double mean_g = 0, mean_g_hat = 0;
            for (int64_t c = 0; c < C; ++c) {
                const double dy = d_out[(b * M + m) * C + c];
                hat[c] = (s[c] - mean) * rstd;
                dg[c] = dy * a.gamma[c];
                mean_g += dg[c] / C;
                mean_g_hat += dg[c] * hat[c] / C;
                g.d_beta[c] += dy;
                g.d_gamma[c] += dy * hat[c];
            }
            for (int64_t c = 0; c < C; ++c) {
                const double d_s = rstd * (dg[c] - mean_g - hat[c] * mean_g_hat);
                g.d_bias[c] += d_s;
                for (int64_t k = 0; k < K; ++k) {
                    const int64_t xi = (b * p.tokens() + p.token_of(m, k)) * C + c;
                    g.d_weight[c * K + k] += d_s * a.x[xi];
                    g.d_x[xi] += d_s * a.weight[c * K + k];
                }
            }
        }
    return g;
}

}  // namespace lf_test
