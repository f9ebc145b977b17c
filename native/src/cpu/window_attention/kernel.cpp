// Fused window attention on the CPU, float32 or bfloat16 (the params' views are typed at each
// entry; sums and softmax in float32). One task = one (batch, head, window): a tile whose queries
// are the window's tokens and whose keys are the window's tokens followed by the G leading
// tokens, computed by attention/tile.hpp (float32 packs), or by attention/bf16_tile.hpp for
// bfloat16 on the amx build. Each thread holds one window's tiles at a time: no B*heads*L*L
// buffer. Compiled once per ISA; LF_ISA_NAMESPACE names the build.
#include "cpu/attention/tile.hpp"
#include "cpu/window_attention/kernels.hpp"
#if defined(__AVX512BF16__)
#include "cpu/attention/bf16_tile.hpp"
#endif

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
// token_of(w, l) is token_of(w, 0) plus the offset of l within the window: walked here without
// token_of's divisions (7% of the bfloat16 forward's time when each token took one).
attention::TileRows window_rows(const WindowAttentionShape& s, int64_t w, int64_t* tokens) {
    const int64_t L = s.window_tokens(), first = s.token_of(w, 0);
    int64_t l = 0;
    for (int64_t t = 0; t < s.window[0]; ++t)
        for (int64_t y = 0; y < s.window[1]; ++y)
            for (int64_t x = 0; x < s.window[2]; ++x) tokens[l++] = first + (t * s.grid[1] + y) * s.grid[2] + x;
    for (int64_t g = 0; g < s.leading_tokens; ++g) tokens[L + g] = g;
    return attention::TileRows{tokens, L, tokens, L + s.leading_tokens, s.leading_tokens};
}

// The rows of a task's tile. Tasks run in chunks of consecutive indices (for_each_task), so the
// next task is mostly the next head of the same window on the same thread: the bf16 tiles
// prefetch its rows while they copy theirs (+10% for the bfloat16 forward at 2x7x7 windows, in
// thread CPU time on the busy development VM; within noise at 4x7x7 and for the backward).
attention::TileRows task_rows(const WindowAttentionShape& s, const WindowTask& task, int64_t* tokens) {
    attention::TileRows rows = window_rows(s, task.w, tokens);
    if (task.h + 1 < s.heads) rows.next_head = task.h + 1;
    return rows;
}

// Both directions take the tile computation as the shape of its tiles (the overloads of
// attention::forward and backward): attention::TileShape for tile.hpp's float32 packs (every
// build, both dtypes), attention::Bf16TileShape for bf16_tile.hpp's bfloat16 products (the
// avx512bf16 and amx builds), whose threads hold a bf16::TileScope (AMX: the tile configuration).
template <typename E, typename Shape, typename Scope>
void forward(const WindowAttentionForward& p) {
    const WindowAttentionShape& s = p.shape;
    const TokensView<const E> q = typed<E>(p.q), k = typed<E>(p.k), v = typed<E>(p.v);
    const TokensView<E> out = typed<E>(p.out);
    const Shape t(s.window_tokens(), s.window_tokens() + s.leading_tokens, s.head_dim);
    const int64_t N = s.grid_tokens();

    attention::zero_leading_rows(out, s.batch, s.leading_tokens, s.heads, s.head_dim);
    const int64_t tasks = s.batch * s.heads * s.windows();
    attention::for_each_task<Scope>(tasks, s.window_tokens() + s.leading_tokens, t.forward_floats(),
                                    [&](int64_t index, float* scratch, int64_t* tokens) {
                                        const WindowTask task(index, s);
                                        float* lse = p.lse + (task.b * s.heads + task.h) * N;
                                        attention::forward(q, k, v, out, lse, task.b, task.h, p.scale,
                                                           task_rows(s, task, tokens), t, scratch);
                                    });
}

template <typename E, typename Shape, typename Scope>
void backward(const WindowAttentionBackward& p) {
    const WindowAttentionShape& s = p.shape;
    const TokensView<const E> q = typed<E>(p.q), k = typed<E>(p.k), v = typed<E>(p.v);
    const TokensView<const E> d_out = typed<E>(p.d_out);
    const TokensView<E> d_q = typed<E>(p.d_q), d_k = typed<E>(p.d_k), d_v = typed<E>(p.d_v);
    const Shape t(s.window_tokens(), s.window_tokens() + s.leading_tokens, s.head_dim);
    const int64_t N = s.grid_tokens(), L = s.window_tokens(), G = s.leading_tokens, D = s.head_dim;
    const int64_t ld = t.gradient_stride();
    const int64_t tasks = s.batch * s.heads * s.windows();
    // Each window's gradients of the leading keys/values go to its own slot, summed afterwards.
    const size_t partial_floats = static_cast<size_t>(tasks * G * ld);
    const AlignedBuffer partials(2 * partial_floats);
    if (!partials.ok()) throw std::bad_alloc();
    float* leading_dk = partials.data();
    float* leading_dv = partials.data() + partial_floats;

    attention::zero_leading_rows(d_q, s.batch, G, s.heads, D);
    attention::for_each_task<Scope>(
        tasks, L + G, t.backward_floats(), [&](int64_t index, float* scratch, int64_t* tokens) {
            const WindowTask task(index, s);
            const attention::TileRows rows = task_rows(s, task, tokens);
            const float* lse = p.lse + (task.b * s.heads + task.h) * N;
            const attention::KeyGradients grads =
                attention::backward(q, k, v, lse, d_out, d_q, task.b, task.h, p.scale, rows, t, scratch);
            // Window keys belong to this window alone: store them. Leading keys: this window's slot.
            for (int64_t j = 0; j < L; ++j) {
                attention::store_row(d_k, task.b, tokens[j], task.h, D, 1.0f, grads.d_k + j * ld);
                attention::store_row(d_v, task.b, tokens[j], task.h, D, 1.0f, grads.d_v + j * ld);
            }
            float* dk_slot = leading_dk + task.slot(s) * G * ld;
            float* dv_slot = leading_dv + task.slot(s) * G * ld;
            for (int64_t i = 0; i < G * ld; ++i) {
                dk_slot[i] = grads.d_k[L * ld + i];
                dv_slot[i] = grads.d_v[L * ld + i];
            }
        });
    attention::reduce_key_partials(leading_dk, s.batch, s.heads, s.windows(), G, D, ld, d_k);
    attention::reduce_key_partials(leading_dv, s.batch, s.heads, s.windows(), G, D, ld, d_v);
}

// bfloat16 runs on the CPU's bfloat16 dot products where this build has them.
template <typename E>
void run_forward(const WindowAttentionForward& p) {
#if defined(__AVX512BF16__)
    if constexpr (!simd::kIsFloat32<E>) return forward<E, attention::Bf16TileShape, bf16::TileScope>(p);
#endif
    forward<E, attention::TileShape, attention::NoThreadScope>(p);
}

template <typename E>
void run_backward(const WindowAttentionBackward& p) {
#if defined(__AVX512BF16__)
    if constexpr (!simd::kIsFloat32<E>) return backward<E, attention::Bf16TileShape, bf16::TileScope>(p);
#endif
    backward<E, attention::TileShape, attention::NoThreadScope>(p);
}

}  // namespace

void window_attention_fwd(const WindowAttentionForward& params, int32_t dtype) {
    simd::for_dtype(dtype, [&](auto element) { run_forward<decltype(element)>(params); });
}

void window_attention_bwd(const WindowAttentionBackward& params, int32_t dtype) {
    simd::for_dtype(dtype, [&](auto element) { run_backward<decltype(element)>(params); });
}

}  // namespace lf::cpu::LF_ISA_NAMESPACE
