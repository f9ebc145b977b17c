// Fused window attention on the CPU, float32. One task = one (batch, head, window): its
// queries, keys (window tokens, then the G global tokens) and values are gathered into
// packed tiles, and the whole window is computed from those tiles with the register-blocked
// gemm of simd/gemm.hpp. Each thread holds one window's tiles at a time (no B*heads*L*L
// buffer). Compiled once per ISA; LF_ISA_NAMESPACE names the build. No standard-library
// templates here (see simd/aligned_buffer.hpp for why).
#include <cmath>
#include <new>

#include "cpu/simd/aligned_buffer.hpp"
#include "cpu/simd/gemm.hpp"
#include "cpu/window_attention/kernels.hpp"

namespace lf::cpu::LF_ISA_NAMESPACE {
namespace {

using simd::StridedMatrix;

// Sizes of one window's packed tiles: L queries, Lk = L + G keys; Lk_pad and D_pad round the
// vectorised dimension up to whole vectors.
struct Tile {
    int64_t L, G, Lk, Lk_pad, D, D_pad;

    explicit Tile(const WindowAttentionShape& s)
        : L(s.window_tokens()),
          G(s.globals),
          Lk(L + G),
          Lk_pad(simd::round_up_to_width(L + G)),
          D(s.head_dim),
          D_pad(simd::round_up_to_width(s.head_dim)) {}
};

struct Task {
    int64_t b, h, w;
    Task(int64_t index, const WindowAttentionShape& s)
        : b(index / (s.heads * s.windows())), h((index / s.windows()) % s.heads), w(index % s.windows()) {}
};

// tokens[j] = token index (in T) of key j of window w: the window's tokens, then the globals.
void window_tokens(const WindowAttentionShape& s, int64_t w, int64_t L, int64_t* tokens) {
    for (int64_t l = 0; l < L; ++l) tokens[l] = s.token_of(w, l);
    for (int64_t g = 0; g < s.globals; ++g) tokens[L + g] = g;
}

// dst[j][d] = scale * x[b, tokens[j], h, d] for j < rows, d < D; columns D..ld are zeroed.
void pack_rows(const TokensView<const float>& x, int64_t b, int64_t h, const int64_t* tokens, int64_t rows, int64_t D,
               int64_t ld, float scale, float* dst) {
    const int64_t ds = x.d_stride();
    for (int64_t j = 0; j < rows; ++j) {
        const float* src = x.row(b, tokens[j], h);
        float* out = dst + j * ld;
        if (ds == 1) {
            for (int64_t d = 0; d < D; ++d) out[d] = scale * src[d];
        } else {
            for (int64_t d = 0; d < D; ++d) out[d] = scale * src[d * ds];
        }
        for (int64_t d = D; d < ld; ++d) out[d] = 0.0f;
    }
}

// dst[d][j] = x[b, tokens[j], h, d] for j < cols; columns cols..ld are zeroed.
void pack_columns(const TokensView<const float>& x, int64_t b, int64_t h, const int64_t* tokens, int64_t cols,
                  int64_t D, int64_t ld, float* dst) {
    const int64_t ds = x.d_stride();
    for (int64_t j = 0; j < cols; ++j) {
        const float* src = x.row(b, tokens[j], h);
        for (int64_t d = 0; d < D; ++d) dst[d * ld + j] = src[d * ds];
    }
    for (int64_t d = 0; d < D; ++d)
        for (int64_t j = cols; j < ld; ++j) dst[d * ld + j] = 0.0f;
}

// x[b, token, h, :] = scale * src[:D]
void store_row(const TokensView<float>& x, int64_t b, int64_t token, int64_t h, int64_t D, float scale,
               const float* src) {
    float* dst = x.row(b, token, h);
    const int64_t ds = x.d_stride();
    if (ds == 1) {
        for (int64_t d = 0; d < D; ++d) dst[d] = scale * src[d];
    } else {
        for (int64_t d = 0; d < D; ++d) dst[d * ds] = scale * src[d];
    }
}

void zero_global_rows(const TokensView<float>& x, const WindowAttentionShape& s) {
    if (s.globals == 0) return;
#pragma omp parallel for collapse(2) schedule(static)
    for (int64_t b = 0; b < s.batch; ++b)
        for (int64_t g = 0; g < s.globals; ++g)
            for (int64_t h = 0; h < s.heads; ++h) {
                float* dst = x.row(b, g, h);
                for (int64_t d = 0; d < s.head_dim; ++d) dst[d * x.d_stride()] = 0.0f;
            }
}

// Runs body(task, scratch, tokens) over every task on the OpenMP team, each thread with its
// own scratch of `scratch_floats` floats and room for `key_count` token indices. Allocation
// failures surface as std::bad_alloc on the calling thread (never inside the parallel region).
template <typename Body>
void for_each_window(const WindowAttentionShape& s, int64_t key_count, size_t scratch_floats, Body&& body) {
    const int64_t tasks = s.batch * s.heads * s.windows();
    const size_t token_floats = Arena::padded(2 * static_cast<size_t>(key_count));  // int64 = 2 floats
    int out_of_memory = 0;
#pragma omp parallel reduction(| : out_of_memory)
    {
        const AlignedBuffer scratch(token_floats + scratch_floats);
        out_of_memory |= scratch.ok() ? 0 : 1;
        int64_t* tokens = reinterpret_cast<int64_t*>(scratch.data());
#pragma omp for schedule(dynamic, 4)
        for (int64_t index = 0; index < tasks; ++index) {
            if (scratch.ok()) body(Task(index, s), scratch.data() + token_floats, tokens);
        }
    }
    if (out_of_memory) throw std::bad_alloc();
}

// Turns row l of scores into unnormalised probabilities e^(s - max) in place (padding
// columns become 0) and returns {max, sum}.
struct RowStats {
    float max, sum;
};
RowStats exp_row_in_place(float* row, int64_t Lk, int64_t Lk_pad) {
    for (int64_t j = Lk; j < Lk_pad; ++j) row[j] = -INFINITY;
    simd::vf vmax = simd::splat(-INFINITY);
    for (int64_t j = 0; j < Lk_pad; j += simd::kWidth) {
        const simd::vf x = simd::load(row + j);
        vmax = x > vmax ? x : vmax;
    }
    const float max = simd::reduce_max(vmax);
    simd::vf vsum = simd::splat(0.0f);
    for (int64_t j = 0; j < Lk_pad; j += simd::kWidth) {
        const simd::vf e = simd::exp(simd::load(row + j) - max);
        simd::store(row + j, e);
        vsum += e;
    }
    return {max, simd::reduce_sum(vsum)};
}

}  // namespace

void window_attention_fwd(const WindowAttentionForward& p) {
    const WindowAttentionShape& s = p.shape;
    const Tile t(s);
    const int64_t N = s.grid_tokens();
    const size_t scratch = Arena::padded(t.L * t.D) + Arena::padded(t.D * t.Lk_pad) + Arena::padded(t.Lk * t.D_pad) +
                           Arena::padded(t.L * t.Lk_pad) + Arena::padded(t.L * t.D_pad) + Arena::padded(t.L);

    zero_global_rows(p.out, s);
    for_each_window(s, t.Lk, scratch, [&](const Task& task, float* base, int64_t* tokens) {
        Arena arena(base);
        float* q = arena.take(t.L * t.D);         // [L x D], pre-scaled
        float* k_t = arena.take(t.D * t.Lk_pad);  // [D x Lk_pad]
        float* v = arena.take(t.Lk * t.D_pad);    // [Lk x D_pad]
        float* scores = arena.take(t.L * t.Lk_pad);
        float* o = arena.take(t.L * t.D_pad);
        float* inv_sum = arena.take(t.L);

        window_tokens(s, task.w, t.L, tokens);
        pack_rows(p.q, task.b, task.h, tokens, t.L, t.D, t.D, p.scale, q);
        pack_columns(p.k, task.b, task.h, tokens, t.Lk, t.D, t.Lk_pad, k_t);
        pack_rows(p.v, task.b, task.h, tokens, t.Lk, t.D, t.D_pad, 1.0f, v);

        simd::gemm(t.L, t.Lk_pad, t.D, StridedMatrix{q, t.D, 1}, k_t, t.Lk_pad, scores, t.Lk_pad);
        float* lse = p.lse + (task.b * s.heads + task.h) * N - s.globals;
        for (int64_t l = 0; l < t.L; ++l) {
            const RowStats r = exp_row_in_place(scores + l * t.Lk_pad, t.Lk, t.Lk_pad);
            inv_sum[l] = 1.0f / r.sum;
            lse[tokens[l]] = r.max + std::log(r.sum);
        }
        simd::gemm(t.L, t.D_pad, t.Lk, StridedMatrix{scores, t.Lk_pad, 1}, v, t.D_pad, o, t.D_pad);
        for (int64_t l = 0; l < t.L; ++l) store_row(p.out, task.b, tokens[l], task.h, t.D, inv_sum[l], o + l * t.D_pad);
    });
}

void window_attention_bwd(const WindowAttentionBackward& p) {
    const WindowAttentionShape& s = p.shape;
    const Tile t(s);
    const int64_t N = s.grid_tokens();
    const int64_t tasks = s.batch * s.heads * s.windows();
    const size_t scratch = 3 * Arena::padded(t.L * t.D_pad) + 2 * Arena::padded(t.D * t.Lk_pad) +
                           2 * Arena::padded(t.Lk * t.D_pad) + 2 * Arena::padded(t.L * t.Lk_pad) + Arena::padded(t.L);
    // Per-task gradients of the global keys/values, reduced in task order afterwards so the
    // result does not depend on thread timing.
    const size_t partial_floats = static_cast<size_t>(tasks * t.G * t.D_pad);
    const AlignedBuffer partials(2 * partial_floats);
    if (!partials.ok()) throw std::bad_alloc();
    float* global_dk = partials.data();
    float* global_dv = partials.data() + partial_floats;

    zero_global_rows(p.d_q, s);
    for_each_window(s, t.Lk, scratch, [&](const Task& task, float* base, int64_t* tokens) {
        Arena arena(base);
        float* q = arena.take(t.L * t.D_pad);     // [L x D_pad], pre-scaled
        float* d_o = arena.take(t.L * t.D_pad);   // [L x D_pad]
        float* tile = arena.take(t.L * t.D_pad);  // dq tile, then reused below
        float* k_t = arena.take(t.D * t.Lk_pad);  // [D x Lk_pad]
        float* v_t = arena.take(t.D * t.Lk_pad);  // [D x Lk_pad]
        float* k = arena.take(t.Lk * t.D_pad);    // [Lk x D_pad]
        float* kv_grad = arena.take(t.Lk * t.D_pad);
        float* probs = arena.take(t.L * t.Lk_pad);
        float* d_scores = arena.take(t.L * t.Lk_pad);
        float* delta = arena.take(t.L);

        window_tokens(s, task.w, t.L, tokens);
        pack_rows(p.q, task.b, task.h, tokens, t.L, t.D, t.D_pad, p.scale, q);
        pack_rows(p.d_out, task.b, task.h, tokens, t.L, t.D, t.D_pad, 1.0f, d_o);
        pack_rows(p.k, task.b, task.h, tokens, t.Lk, t.D, t.D_pad, 1.0f, k);
        pack_columns(p.k, task.b, task.h, tokens, t.Lk, t.D, t.Lk_pad, k_t);
        pack_columns(p.v, task.b, task.h, tokens, t.Lk, t.D, t.Lk_pad, v_t);
        for (int64_t l = 0; l < t.L; ++l) {  // delta_l = dO_l . O_l
            const float* o = p.out.row(task.b, tokens[l], task.h);
            float sum = 0.0f;
            for (int64_t d = 0; d < t.D; ++d) sum += d_o[l * t.D_pad + d] * o[d * p.out.d_stride()];
            delta[l] = sum;
        }

        // P = exp(scale q k^T - lse), dP = dO v^T, dS = P (dP - delta)
        simd::gemm(t.L, t.Lk_pad, t.D, StridedMatrix{q, t.D_pad, 1}, k_t, t.Lk_pad, probs, t.Lk_pad);
        simd::gemm(t.L, t.Lk_pad, t.D, StridedMatrix{d_o, t.D_pad, 1}, v_t, t.Lk_pad, d_scores, t.Lk_pad);
        const float* lse = p.lse + (task.b * s.heads + task.h) * N - s.globals;
        for (int64_t l = 0; l < t.L; ++l) {
            float* pr = probs + l * t.Lk_pad;
            float* ds = d_scores + l * t.Lk_pad;
            for (int64_t j = t.Lk; j < t.Lk_pad; ++j) pr[j] = -INFINITY;
            const float row_lse = lse[tokens[l]], row_delta = delta[l];
            for (int64_t j = 0; j < t.Lk_pad; j += simd::kWidth) {
                const simd::vf pj = simd::exp(simd::load(pr + j) - row_lse);
                simd::store(pr + j, pj);
                simd::store(ds + j, pj * (simd::load(ds + j) - row_delta));
            }
        }

        // dQ = scale dS k
        simd::gemm(t.L, t.D_pad, t.Lk, StridedMatrix{d_scores, t.Lk_pad, 1}, k, t.D_pad, tile, t.D_pad);
        for (int64_t l = 0; l < t.L; ++l) store_row(p.d_q, task.b, tokens[l], task.h, t.D, p.scale, tile + l * t.D_pad);

        // dV = P^T dO and dK = dS^T (scale q): window rows go straight out, global rows to the
        // per-task partials.
        const int64_t task_index = (task.b * s.heads + task.h) * s.windows() + task.w;
        const auto emit = [&](const TokensView<float>& dst, float* partial) {
            for (int64_t j = 0; j < t.L; ++j) store_row(dst, task.b, tokens[j], task.h, t.D, 1.0f, kv_grad + j * t.D_pad);
            float* slots = partial + task_index * t.G * t.D_pad;
            for (int64_t i = 0; i < t.G * t.D_pad; ++i) slots[i] = kv_grad[t.L * t.D_pad + i];
        };
        simd::gemm(t.Lk, t.D_pad, t.L, StridedMatrix{probs, 1, t.Lk_pad}, d_o, t.D_pad, kv_grad, t.D_pad);
        emit(p.d_v, global_dv);
        simd::gemm(t.Lk, t.D_pad, t.L, StridedMatrix{d_scores, 1, t.Lk_pad}, q, t.D_pad, kv_grad, t.D_pad);
        emit(p.d_k, global_dk);
    });

    if (t.G == 0) return;
    // Sum each (b, h, g)'s partials over windows, in window order, into the first window's slot.
#pragma omp parallel for collapse(2) schedule(static)
    for (int64_t b = 0; b < s.batch; ++b)
        for (int64_t h = 0; h < s.heads; ++h)
            for (int64_t g = 0; g < t.G; ++g) {
                const auto slot = [&](int64_t w) { return (((b * s.heads + h) * s.windows() + w) * t.G + g) * t.D_pad; };
                float* sum_k = global_dk + slot(0);
                float* sum_v = global_dv + slot(0);
                for (int64_t w = 1; w < s.windows(); ++w) {
                    for (int64_t d = 0; d < t.D; ++d) {
                        sum_k[d] += global_dk[slot(w) + d];
                        sum_v[d] += global_dv[slot(w) + d];
                    }
                }
                store_row(p.d_k, b, g, h, t.D, 1.0f, sum_k);
                store_row(p.d_v, b, g, h, t.D, 1.0f, sum_v);
            }
}

}  // namespace lf::cpu::LF_ISA_NAMESPACE
