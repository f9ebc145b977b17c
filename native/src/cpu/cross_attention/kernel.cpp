// Fused cross attention on the CPU, float32 or bfloat16 (the params' views are typed at each
// entry; computation in float32): Nq
// queries over a small set of Nk keys, e.g. every token of a clip over LOGO-Former's pooled
// tokens plus CLS. One task = one (batch, head, block of queries): a tile of attention/tile.hpp.
// The keys' gradients are summed over query blocks in block order afterwards (deterministic).
// Compiled once per ISA.
#include "cpu/attention/tile.hpp"
#include "cpu/cross_attention/kernels.hpp"

namespace lf::cpu::LF_ISA_NAMESPACE {
namespace {

// Queries per tile: large enough to amortise packing the keys, small enough that the score
// tile stays in L2 when Nk is a few hundred.
constexpr int64_t kQueryBlock = 128;

struct BlockTask {
    int64_t b, h, block, first, count;
    BlockTask(int64_t index, const CrossAttentionShape& s, int64_t blocks)
        : b(index / (s.heads * blocks)),
          h((index / blocks) % s.heads),
          block(index % blocks),
          first(block * kQueryBlock),
          count(s.queries - first < kQueryBlock ? s.queries - first : kQueryBlock) {}
};

int64_t query_blocks(const CrossAttentionShape& s) { return (s.queries + kQueryBlock - 1) / kQueryBlock; }

// tokens: the block's query indices, then every key index.
attention::TileRows block_rows(const CrossAttentionShape& s, const BlockTask& task, int64_t* tokens) {
    int64_t* keys = tokens + kQueryBlock;
    for (int64_t i = 0; i < task.count; ++i) tokens[i] = task.first + i;
    for (int64_t j = 0; j < s.keys; ++j) keys[j] = j;
    return attention::TileRows{tokens, task.count, keys, s.keys, 0};
}

template <typename E>
void forward(const CrossAttentionForward& p) {
    const CrossAttentionShape& s = p.shape;
    const TokensView<const E> q = typed<E>(p.q), k = typed<E>(p.k), v = typed<E>(p.v);
    const TokensView<E> out = typed<E>(p.out);
    const int64_t blocks = query_blocks(s);
    const attention::TileShape largest(s.queries < kQueryBlock ? s.queries : kQueryBlock, s.keys, s.head_dim);
    attention::for_each_task(s.batch * s.heads * blocks, kQueryBlock + s.keys, largest.forward_floats(),
                             [&](int64_t index, float* scratch, int64_t* tokens) {
                                 const BlockTask task(index, s, blocks);
                                 const attention::TileShape t(task.count, s.keys, s.head_dim);
                                 float* lse = p.lse + (task.b * s.heads + task.h) * s.queries;
                                 attention::forward(q, k, v, out, lse, task.b, task.h, p.scale,
                                                    block_rows(s, task, tokens), t, scratch);
                             });
}

template <typename E>
void backward(const CrossAttentionBackward& p) {
    const CrossAttentionShape& s = p.shape;
    const TokensView<const E> q = typed<E>(p.q), k = typed<E>(p.k), v = typed<E>(p.v);
    const TokensView<const E> d_out = typed<E>(p.d_out);
    const TokensView<E> d_q = typed<E>(p.d_q);
    const int64_t blocks = query_blocks(s);
    const int64_t tasks = s.batch * s.heads * blocks;
    const attention::TileShape largest(s.queries < kQueryBlock ? s.queries : kQueryBlock, s.keys, s.head_dim);
    const int64_t slot = s.keys * largest.D_pad;  // one block's [Nk x D_pad] key gradients
    const size_t partial_floats = static_cast<size_t>(tasks * slot);
    const AlignedBuffer partials(2 * partial_floats);
    if (!partials.ok()) throw std::bad_alloc();
    float* dk_partials = partials.data();
    float* dv_partials = partials.data() + partial_floats;

    attention::for_each_task(tasks, kQueryBlock + s.keys, largest.backward_floats(),
                             [&](int64_t index, float* scratch, int64_t* tokens) {
                                 const BlockTask task(index, s, blocks);
                                 const attention::TileShape t(task.count, s.keys, s.head_dim);
                                 const float* lse = p.lse + (task.b * s.heads + task.h) * s.queries;
                                 const attention::KeyGradients grads =
                                     attention::backward(q, k, v, lse, d_out, d_q, task.b, task.h, p.scale,
                                                         block_rows(s, task, tokens), t, scratch);
                                 for (int64_t i = 0; i < slot; ++i) {
                                     dk_partials[index * slot + i] = grads.d_k[i];
                                     dv_partials[index * slot + i] = grads.d_v[i];
                                 }
                             });
    attention::reduce_key_partials(dk_partials, s.batch, s.heads, blocks, s.keys, s.head_dim, largest.D_pad,
                                   typed<E>(p.d_k));
    attention::reduce_key_partials(dv_partials, s.batch, s.heads, blocks, s.keys, s.head_dim, largest.D_pad,
                                   typed<E>(p.d_v));
}

}  // namespace

void cross_attention_fwd(const CrossAttentionForward& params, int32_t dtype) {
    simd::for_dtype(dtype, [&](auto element) { forward<decltype(element)>(params); });
}

void cross_attention_bwd(const CrossAttentionBackward& params, int32_t dtype) {
    simd::for_dtype(dtype, [&](auto element) { backward<decltype(element)>(params); });
}

}  // namespace lf::cpu::LF_ISA_NAMESPACE
