// C entry points of window attention: argument checks into one params struct, then dispatch by
// device: the CUDA kernels (device pointers, any dtype) or the CPU kernels of the selected ISA.
// Kernels receive validated params structs only.
#include <string>

#include "common/checks.hpp"
#include "common/error.hpp"
#include "common/token_args.hpp"
#include "common/window_attention.hpp"
#include "cpu/isa_dispatch.hpp"
#include "cpu/window_attention/kernels.hpp"
#include "cuda/window_attention/api.hpp"

namespace {

using lf::WindowAttentionShape;

WindowAttentionShape checked_shape(int64_t batch, int64_t heads, int64_t head_dim, int64_t grid_f, int64_t grid_h,
                                   int64_t grid_w, int64_t leading_tokens, int64_t win_f, int64_t win_h,
                                   int64_t win_w) {
    namespace check = lf::check;
    check::positive(batch, "batch");
    check::positive(heads, "heads");
    check::positive(head_dim, "head_dim");
    check::positive(grid_f, "grid_f");
    check::positive(grid_h, "grid_h");
    check::positive(grid_w, "grid_w");
    check::non_negative(leading_tokens, "leading_tokens");
    check::positive(win_f, "win_f");
    check::positive(win_h, "win_h");
    check::positive(win_w, "win_w");
    check::divides(win_f, "win_f", grid_f, "grid_f");
    check::divides(win_h, "win_h", grid_h, "grid_h");
    check::divides(win_w, "win_w", grid_w, "grid_w");
    const int64_t grid[3] = {grid_f, grid_h, grid_w};
    const int64_t grid_tokens = check::checked_product(grid, 3, "grid_f * grid_h * grid_w");
    int64_t tokens = 0;
    if (__builtin_add_overflow(grid_tokens, leading_tokens, &tokens)) {
        throw lf::Error(LF_ERROR_OVERFLOW, "leading_tokens + grid_f * grid_h * grid_w overflows int64");
    }
    // The element counts the kernels index: B * T * heads * D in each token tensor (q, k, v, out
    // and the gradients), B * heads * N in lse (N <= T and D >= 1: implied by the first, checked
    // by name all the same).
    const int64_t token_elements[4] = {batch, tokens, heads, head_dim};
    check::checked_product(token_elements, 4, "batch * (leading_tokens + grid tokens) * heads * head_dim");
    const int64_t lse_elements[3] = {batch, heads, grid_tokens};
    check::checked_product(lse_elements, 3, "lse: batch * heads * grid tokens");
    return WindowAttentionShape(batch, heads, head_dim, leading_tokens, {grid_f, grid_h, grid_w},
                                {win_f, win_h, win_w});
}

lf::TokenSizes token_sizes(const WindowAttentionShape& s, int32_t dtype) {
    return {s.batch, s.tokens(), s.heads, s.head_dim, lf::check::element_bytes(dtype)};
}

}  // namespace

extern "C" {

LF_API lf_status lf_window_attention_fwd(int32_t device, void* stream, int32_t dtype, int64_t batch, int64_t heads,
                                         int64_t head_dim, int64_t grid_f, int64_t grid_h, int64_t grid_w,
                                         int64_t leading_tokens, int64_t win_f, int64_t win_h, int64_t win_w,
                                         float scale, const void* q, const int64_t* q_strides, const void* k,
                                         const int64_t* k_strides, const void* v, const int64_t* v_strides, void* out,
                                         const int64_t* out_strides, float* lse) {
    return lf::guarded([&] {
        [[maybe_unused]] const lf_device target = lf::check::device_call(device, stream, dtype);
        const WindowAttentionShape s =
            checked_shape(batch, heads, head_dim, grid_f, grid_h, grid_w, leading_tokens, win_f, win_h, win_w);
        lf::check::finite(scale, "scale");
        const lf::TokenSizes sizes = token_sizes(s, dtype);
        const lf::WindowAttentionForward params = lf::attention_forward(
            s, scale, sizes, sizes, s.grid_tokens(), q, q_strides, k, k_strides, v, v_strides, out, out_strides, lse);
#if defined(LF_HAVE_CUDA)
        if (target == LF_DEVICE_CUDA) return lf::cuda::window_attention_fwd(params, {dtype, stream});
#endif
        LF_CPU_DISPATCH(window_attention_fwd, params, dtype)
    });
}

LF_API lf_status lf_window_attention_bwd(int32_t device, void* stream, int32_t dtype, int64_t batch, int64_t heads,
                                         int64_t head_dim, int64_t grid_f, int64_t grid_h, int64_t grid_w,
                                         int64_t leading_tokens, int64_t win_f, int64_t win_h, int64_t win_w,
                                         float scale, const void* q, const int64_t* q_strides, const void* k,
                                         const int64_t* k_strides, const void* v, const int64_t* v_strides,
                                         const void* out, const int64_t* out_strides, const float* lse,
                                         const void* d_out, const int64_t* d_out_strides, void* d_q,
                                         const int64_t* d_q_strides, void* d_k, const int64_t* d_k_strides, void* d_v,
                                         const int64_t* d_v_strides) {
    return lf::guarded([&] {
        [[maybe_unused]] const lf_device target = lf::check::device_call(device, stream, dtype);
        const WindowAttentionShape s =
            checked_shape(batch, heads, head_dim, grid_f, grid_h, grid_w, leading_tokens, win_f, win_h, win_w);
        lf::check::finite(scale, "scale");
        const lf::TokenSizes sizes = token_sizes(s, dtype);
        const lf::WindowAttentionBackward params =
            lf::attention_backward(s, scale, sizes, sizes, s.grid_tokens(), q, q_strides, k, k_strides, v, v_strides, out, out_strides,
                                   lse, d_out, d_out_strides, d_q, d_q_strides, d_k, d_k_strides, d_v, d_v_strides);
#if defined(LF_HAVE_CUDA)
        if (target == LF_DEVICE_CUDA) return lf::cuda::window_attention_bwd(params, {dtype, stream});
#endif
        LF_CPU_DISPATCH(window_attention_bwd, params, dtype)
    });
}

}  // extern "C"
