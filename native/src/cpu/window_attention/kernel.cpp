// Fused window attention on the CPU, float32 (the params' views are typed at each entry). One
// task = one (batch, head, window): a tile whose queries are the window's tokens and whose keys
// are the window's tokens followed by the G leading tokens (attention/tile.hpp computes it).
// Each thread holds one window's tiles at a time: no B*heads*L*L buffer. Compiled once per ISA;
// LF_ISA_NAMESPACE names the build.
#include "cpu/attention/tile.hpp"
#include "cpu/window_attention/kernels.hpp"

namespace lf::cpu::LF_ISA_NAMESPACE {
namespace {

// Tasks run in (batch, window, head) order: consecutive tasks read the same tokens' rows of
// different heads, which share cache lines and DRAM pages (heads are interleaved in [B, T, heads, D]).
struct WindowTask {
    int64_t b, w, h;
    WindowTask(int64_t index, const WindowAttentionShape& s)
        : b(index / (s.windows() * s.heads)), w((index / s.heads) % s.windows()), h(index % s.heads) {}
    // Slot of this window among its (b, h)'s windows, for per-window partial results.
    int64_t slot(const WindowAttentionShape& s) const { return (b * s.heads + h) * s.windows() + w; }
};

// The tile of window w: tokens[j] = token index of key j (the window's tokens, then the leading
// tokens); its first L entries are also the queries.
attention::TileRows window_rows(const WindowAttentionShape& s, int64_t w, int64_t* tokens) {
    const int64_t L = s.window_tokens();
    for (int64_t l = 0; l < L; ++l) tokens[l] = s.token_of(w, l);
    for (int64_t g = 0; g < s.leading_tokens; ++g) tokens[L + g] = g;
    return attention::TileRows{tokens, L, tokens, L + s.leading_tokens, s.leading_tokens};
}

}  // namespace

void window_attention_fwd(const WindowAttentionForward& p) {
    const WindowAttentionShape& s = p.shape;
    const TokensView<const float> q = typed<float>(p.q), k = typed<float>(p.k), v = typed<float>(p.v);
    const TokensView<float> out = typed<float>(p.out);
    const attention::TileShape t(s.window_tokens(), s.window_tokens() + s.leading_tokens, s.head_dim);
    const int64_t N = s.grid_tokens();

    attention::zero_leading_rows(out, s.batch, s.leading_tokens, s.heads, s.head_dim);
    attention::for_each_task(s.batch * s.heads * s.windows(), t.Lk, t.forward_floats(),
                             [&](int64_t index, float* scratch, int64_t* tokens) {
                                 const WindowTask task(index, s);
                                 float* lse = p.lse + (task.b * s.heads + task.h) * N;
                                 attention::forward(q, k, v, out, lse, task.b, task.h, p.scale,
                                                    window_rows(s, task.w, tokens), t, scratch);
                             });
}

void window_attention_bwd(const WindowAttentionBackward& p) {
    const WindowAttentionShape& s = p.shape;
    const TokensView<const float> q = typed<float>(p.q), k = typed<float>(p.k), v = typed<float>(p.v);
    const TokensView<const float> d_out = typed<float>(p.d_out);
    const TokensView<float> d_q = typed<float>(p.d_q), d_k = typed<float>(p.d_k), d_v = typed<float>(p.d_v);
    const attention::TileShape t(s.window_tokens(), s.window_tokens() + s.leading_tokens, s.head_dim);
    const int64_t N = s.grid_tokens(), L = t.Lq, G = s.leading_tokens;
    const int64_t tasks = s.batch * s.heads * s.windows();
    // Each window's gradients of the leading keys/values go to its own slot, summed afterwards.
    const size_t partial_floats = static_cast<size_t>(tasks * G * t.D_pad);
    const AlignedBuffer partials(2 * partial_floats);
    if (!partials.ok()) throw std::bad_alloc();
    float* leading_dk = partials.data();
    float* leading_dv = partials.data() + partial_floats;

    attention::zero_leading_rows(d_q, s.batch, G, s.heads, s.head_dim);
    attention::for_each_task(tasks, t.Lk, t.backward_floats(), [&](int64_t index, float* scratch, int64_t* tokens) {
        const WindowTask task(index, s);
        const attention::TileRows rows = window_rows(s, task.w, tokens);
        const float* lse = p.lse + (task.b * s.heads + task.h) * N;
        const attention::KeyGradients grads =
            attention::backward(q, k, v, lse, d_out, d_q, task.b, task.h, p.scale, rows, t, scratch);
        // Window keys belong to this window alone: store them. Leading keys: this window's slot.
        for (int64_t j = 0; j < L; ++j) {
            attention::store_row(d_k, task.b, tokens[j], task.h, t.D, 1.0f, grads.d_k + j * t.D_pad);
            attention::store_row(d_v, task.b, tokens[j], task.h, t.D, 1.0f, grads.d_v + j * t.D_pad);
        }
        float* dk_slot = leading_dk + task.slot(s) * G * t.D_pad;
        float* dv_slot = leading_dv + task.slot(s) * G * t.D_pad;
        for (int64_t i = 0; i < G * t.D_pad; ++i) {
            dk_slot[i] = grads.d_k[L * t.D_pad + i];
            dv_slot[i] = grads.d_v[L * t.D_pad + i];
        }
    });
    attention::reduce_key_partials(leading_dk, s.batch, s.heads, s.windows(), G, t.D, t.D_pad, d_k);
    attention::reduce_key_partials(leading_dv, s.batch, s.heads, s.windows(), G, t.D, t.D_pad, d_v);
}

}  // namespace lf::cpu::LF_ISA_NAMESPACE
