// Checks the heads-last token tensor arguments [B, T, heads, D] of a C entry point and wraps them,
// untyped, for the kernels of either backend (the call's dtype says what the pointers hold).
// Inputs may broadcast (stride 0); outputs must not overlap themselves.
#pragma once

#include <cstdint>

#include "common/attention.hpp"
#include "common/checks.hpp"
#include "common/tensor_views.hpp"

namespace lf {

// The dims of a token tensor and the bytes per element of the call's dtype.
struct TokenSizes {
    int64_t batch, tokens, heads, head_dim;
    int64_t element_bytes;
};

inline TokensView<const void> input_tokens(const void* data, const char* name, const int64_t* strides,
                                           const char* strides_name, const TokenSizes& sizes) {
    check::not_null(data, name);
    check::not_null(strides, strides_name);
    const int64_t dims[4] = {sizes.batch, sizes.tokens, sizes.heads, sizes.head_dim};
    check::valid_strides(check::Strided{name, data, sizes.element_bytes, 4, dims, strides});
    return {data, {strides[0], strides[1], strides[2], strides[3]}};
}

inline TokensView<void> output_tokens(void* data, const char* name, const int64_t* strides, const char* strides_name,
                                      const TokenSizes& sizes) {
    check::not_null(data, name);
    check::not_null(strides, strides_name);
    const int64_t dims[4] = {sizes.batch, sizes.tokens, sizes.heads, sizes.head_dim};
    check::non_overlapping(check::Strided{name, data, sizes.element_bytes, 4, dims, strides});
    return {data, {strides[0], strides[1], strides[2], strides[3]}};
}

// q, k and v of an attention call (window or cross attention: both name their tensors alike):
// q of query_sizes, k and v of key_sizes.
struct AttentionInputs {
    TokensView<const void> q, k, v;
};

inline AttentionInputs attention_inputs(const TokenSizes& query_sizes, const TokenSizes& key_sizes, const void* q,
                                        const int64_t* q_strides, const void* k, const int64_t* k_strides,
                                        const void* v, const int64_t* v_strides) {
    return {input_tokens(q, "q", q_strides, "q_strides", query_sizes),
            input_tokens(k, "k", k_strides, "k_strides", key_sizes),
            input_tokens(v, "v", v_strides, "v_strides", key_sizes)};
}

// The float32 [B, heads, lse_rows] softmax statistic: not NULL, within the address space.
inline void check_lse(const float* lse, const TokenSizes& query_sizes, int64_t lse_rows) {
    check::contiguous(lse, query_sizes.batch * query_sizes.heads * lse_rows, 4, "lse");
}

// The params of an attention call from its checked shape and scale: lse holds lse_rows values per
// (batch, head) (the sizes' products were checked for overflow); out, d_out and d_q are checked
// against query_sizes, d_k and d_v against key_sizes.
template <typename Shape>
AttentionForward<Shape> attention_forward(const Shape& shape, float scale, const TokenSizes& query_sizes,
                                          const TokenSizes& key_sizes, int64_t lse_rows, const void* q,
                                          const int64_t* q_strides, const void* k, const int64_t* k_strides,
                                          const void* v, const int64_t* v_strides, void* out,
                                          const int64_t* out_strides, float* lse) {
    check_lse(lse, query_sizes, lse_rows);
    const AttentionInputs in = attention_inputs(query_sizes, key_sizes, q, q_strides, k, k_strides, v, v_strides);
    return {shape, scale, in.q, in.k, in.v, output_tokens(out, "out", out_strides, "out_strides", query_sizes), lse};
}

template <typename Shape>
AttentionBackward<Shape> attention_backward(const Shape& shape, float scale, const TokenSizes& query_sizes,
                                            const TokenSizes& key_sizes, int64_t lse_rows, const void* q,
                                            const int64_t* q_strides,
                                            const void* k, const int64_t* k_strides, const void* v,
                                            const int64_t* v_strides, const void* out, const int64_t* out_strides,
                                            const float* lse, const void* d_out, const int64_t* d_out_strides,
                                            void* d_q, const int64_t* d_q_strides, void* d_k,
                                            const int64_t* d_k_strides, void* d_v, const int64_t* d_v_strides) {
    check_lse(lse, query_sizes, lse_rows);
    const AttentionInputs in = attention_inputs(query_sizes, key_sizes, q, q_strides, k, k_strides, v, v_strides);
    return {shape,
            scale,
            in.q,
            in.k,
            in.v,
            input_tokens(out, "out", out_strides, "out_strides", query_sizes),
            lse,
            input_tokens(d_out, "d_out", d_out_strides, "d_out_strides", query_sizes),
            output_tokens(d_q, "d_q", d_q_strides, "d_q_strides", query_sizes),
            output_tokens(d_k, "d_k", d_k_strides, "d_k_strides", key_sizes),
            output_tokens(d_v, "d_v", d_v_strides, "d_v_strides", key_sizes)};
}

}  // namespace lf
