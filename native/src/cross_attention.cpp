// C entry points of cross attention: argument checks into one params struct, then dispatch by
// device: the CUDA kernels (device pointers, any dtype) or the CPU kernels of the selected ISA.
#include "common/checks.hpp"
#include "common/cross_attention.hpp"
#include "common/error.hpp"
#include "common/token_args.hpp"
#include "cpu/cross_attention/kernels.hpp"
#include "cpu/isa_dispatch.hpp"
#include "cuda/cross_attention/api.hpp"

namespace {

using lf::CrossAttentionShape;

CrossAttentionShape checked_shape(int64_t batch, int64_t heads, int64_t head_dim, int64_t queries, int64_t keys,
                                  float scale) {
    lf::check::positive(batch, "batch");
    lf::check::positive(heads, "heads");
    lf::check::positive(head_dim, "head_dim");
    lf::check::positive(queries, "queries");
    lf::check::positive(keys, "keys");
    lf::check::finite(scale, "scale");
    const int64_t q_elements[4] = {batch, queries, heads, head_dim};
    const int64_t k_elements[4] = {batch, keys, heads, head_dim};
    lf::check::checked_product(q_elements, 4, "batch * queries * heads * head_dim");
    lf::check::checked_product(k_elements, 4, "batch * keys * heads * head_dim");
    return CrossAttentionShape{batch, heads, head_dim, queries, keys};
}

}  // namespace

extern "C" {

LF_API lf_status lf_cross_attention_fwd(int32_t device, void* stream, int32_t dtype, int64_t batch, int64_t heads,
                                        int64_t head_dim, int64_t queries, int64_t keys, float scale, const void* q,
                                        const int64_t* q_strides, const void* k, const int64_t* k_strides,
                                        const void* v, const int64_t* v_strides, void* out,
                                        const int64_t* out_strides, float* lse) {
    return lf::guarded([&] {
        [[maybe_unused]] const lf_device target = lf::check::device_call(device, stream, dtype);
        const CrossAttentionShape s = checked_shape(batch, heads, head_dim, queries, keys, scale);
        const int64_t element_bytes = lf::check::element_bytes(dtype);
        const lf::TokenSizes query_sizes{batch, queries, heads, head_dim, element_bytes};
        const lf::TokenSizes key_sizes{batch, keys, heads, head_dim, element_bytes};
        const lf::CrossAttentionForward params = lf::attention_forward(
            s, scale, query_sizes, key_sizes, queries, q, q_strides, k, k_strides, v, v_strides, out, out_strides, lse);
#if defined(LF_HAVE_CUDA)
        if (target == LF_DEVICE_CUDA) return lf::cuda::cross_attention_fwd(params, {dtype, stream});
#endif
        LF_CPU_DISPATCH(cross_attention_fwd, params, dtype)
    });
}

LF_API lf_status lf_cross_attention_bwd(int32_t device, void* stream, int32_t dtype, int64_t batch, int64_t heads,
                                        int64_t head_dim, int64_t queries, int64_t keys, float scale, const void* q,
                                        const int64_t* q_strides, const void* k, const int64_t* k_strides,
                                        const void* v, const int64_t* v_strides, const void* out,
                                        const int64_t* out_strides, const float* lse, const void* d_out,
                                        const int64_t* d_out_strides, void* d_q, const int64_t* d_q_strides, void* d_k,
                                        const int64_t* d_k_strides, void* d_v, const int64_t* d_v_strides) {
    return lf::guarded([&] {
        [[maybe_unused]] const lf_device target = lf::check::device_call(device, stream, dtype);
        const CrossAttentionShape s = checked_shape(batch, heads, head_dim, queries, keys, scale);
        const int64_t element_bytes = lf::check::element_bytes(dtype);
        const lf::TokenSizes query_sizes{batch, queries, heads, head_dim, element_bytes};
        const lf::TokenSizes key_sizes{batch, keys, heads, head_dim, element_bytes};
        const lf::CrossAttentionBackward params = lf::attention_backward(
            s, scale, query_sizes, key_sizes, queries, q, q_strides, k, k_strides, v, v_strides, out, out_strides, lse,
            d_out,
            d_out_strides, d_q, d_q_strides, d_k, d_k_strides, d_v, d_v_strides);
#if defined(LF_HAVE_CUDA)
        if (target == LF_DEVICE_CUDA) return lf::cuda::cross_attention_bwd(params, {dtype, stream});
#endif
        LF_CPU_DISPATCH(cross_attention_bwd, params, dtype)
    });
}

}  // extern "C"
