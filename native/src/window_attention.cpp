// C entry points of window attention: argument checks, then dispatch to the CPU kernels of
// the selected ISA. Kernels receive validated params structs only.
#include <string>

#include "common/checks.hpp"
#include "common/error.hpp"
#include "cpu/isa_dispatch.hpp"
#include "cpu/window_attention/kernels.hpp"

namespace {

using lf::cpu::TokensView;
using lf::cpu::WindowAttentionShape;

WindowAttentionShape checked_shape(int64_t batch, int64_t heads, int64_t head_dim, int64_t grid_f, int64_t grid_h,
                                   int64_t grid_w, int64_t globals, int64_t win_f, int64_t win_h, int64_t win_w) {
    namespace check = lf::check;
    check::positive(batch, "batch");
    check::positive(heads, "heads");
    check::positive(head_dim, "head_dim");
    check::positive(grid_f, "grid_f");
    check::positive(grid_h, "grid_h");
    check::positive(grid_w, "grid_w");
    check::non_negative(globals, "globals");
    check::positive(win_f, "win_f");
    check::positive(win_h, "win_h");
    check::positive(win_w, "win_w");
    check::divides(win_f, "win_f", grid_f, "grid_f");
    check::divides(win_h, "win_h", grid_h, "grid_h");
    check::divides(win_w, "win_w", grid_w, "grid_w");
    const int64_t grid[3] = {grid_f, grid_h, grid_w};
    int64_t tokens = check::checked_product(grid, 3, "grid_f * grid_h * grid_w");
    if (__builtin_add_overflow(tokens, globals, &tokens)) {
        throw lf::Error(LF_ERROR_OVERFLOW, "globals + grid_f * grid_h * grid_w overflows int64");
    }
    const int64_t lse_sizes[4] = {batch, heads, tokens, head_dim};
    check::checked_product(lse_sizes, 4, "batch * heads * tokens * head_dim");
    return WindowAttentionShape{batch, heads, head_dim, globals, {grid_f, grid_h, grid_w}, {win_f, win_h, win_w}};
}

// Checks one [B, T, heads, D] tensor argument and wraps it.
template <typename T>
TokensView<T> tokens(T* data, const char* name, const int64_t* strides, const char* strides_name,
                     const WindowAttentionShape& s, bool is_output) {
    lf::check::not_null(data, name);
    lf::check::not_null(strides, strides_name);
    const int64_t sizes[4] = {s.batch, s.globals + s.grid_tokens(), s.heads, s.head_dim};
    const lf::check::Strided described{name, 4, sizes, strides};
    if (is_output) {
        lf::check::non_overlapping(described);
    } else {
        lf::check::valid_strides(described);
    }
    return TokensView<T>{data, {strides[0], strides[1], strides[2], strides[3]}};
}

const TokensView<const float> input(const void* data, const char* name, const int64_t* strides,
                                    const char* strides_name, const WindowAttentionShape& s) {
    return tokens(static_cast<const float*>(data), name, strides, strides_name, s, false);
}

const TokensView<float> output(void* data, const char* name, const int64_t* strides, const char* strides_name,
                               const WindowAttentionShape& s) {
    return tokens(static_cast<float*>(data), name, strides, strides_name, s, true);
}

}  // namespace

extern "C" {

LF_API lf_status lf_window_attention_fwd(int32_t device, void* stream, int32_t dtype, int64_t batch, int64_t heads,
                                         int64_t head_dim, int64_t grid_f, int64_t grid_h, int64_t grid_w,
                                         int64_t globals, int64_t win_f, int64_t win_h, int64_t win_w, float scale,
                                         const void* q, const int64_t* q_strides, const void* k,
                                         const int64_t* k_strides, const void* v, const int64_t* v_strides, void* out,
                                         const int64_t* out_strides, float* lse) {
    return lf::guarded([&] {
        lf::check::cpu_float32_call(device, stream, dtype);
        const WindowAttentionShape s =
            checked_shape(batch, heads, head_dim, grid_f, grid_h, grid_w, globals, win_f, win_h, win_w);
        lf::check::finite(scale, "scale");
        lf::check::not_null(lse, "lse");
        const lf::cpu::WindowAttentionForward params{s,
                                                     scale,
                                                     input(q, "q", q_strides, "q_strides", s),
                                                     input(k, "k", k_strides, "k_strides", s),
                                                     input(v, "v", v_strides, "v_strides", s),
                                                     output(out, "out", out_strides, "out_strides", s),
                                                     lse};
        switch (lf::cpu::selected_isa()) {
#if defined(LF_HAVE_X86_ISAS)
            case lf::cpu::Isa::avx512: lf::cpu::avx512::window_attention_fwd(params); break;
            case lf::cpu::Isa::avx2: lf::cpu::avx2::window_attention_fwd(params); break;
#endif
            default: lf::cpu::generic::window_attention_fwd(params); break;
        }
    });
}

LF_API lf_status lf_window_attention_bwd(int32_t device, void* stream, int32_t dtype, int64_t batch, int64_t heads,
                                         int64_t head_dim, int64_t grid_f, int64_t grid_h, int64_t grid_w,
                                         int64_t globals, int64_t win_f, int64_t win_h, int64_t win_w, float scale,
                                         const void* q, const int64_t* q_strides, const void* k,
                                         const int64_t* k_strides, const void* v, const int64_t* v_strides,
                                         const void* out, const int64_t* out_strides, const float* lse,
                                         const void* d_out, const int64_t* d_out_strides, void* d_q,
                                         const int64_t* d_q_strides, void* d_k, const int64_t* d_k_strides, void* d_v,
                                         const int64_t* d_v_strides) {
    return lf::guarded([&] {
        lf::check::cpu_float32_call(device, stream, dtype);
        const WindowAttentionShape s =
            checked_shape(batch, heads, head_dim, grid_f, grid_h, grid_w, globals, win_f, win_h, win_w);
        lf::check::finite(scale, "scale");
        lf::check::not_null(lse, "lse");
        const lf::cpu::WindowAttentionBackward params{s,
                                                      scale,
                                                      input(q, "q", q_strides, "q_strides", s),
                                                      input(k, "k", k_strides, "k_strides", s),
                                                      input(v, "v", v_strides, "v_strides", s),
                                                      input(out, "out", out_strides, "out_strides", s),
                                                      lse,
                                                      input(d_out, "d_out", d_out_strides, "d_out_strides", s),
                                                      output(d_q, "d_q", d_q_strides, "d_q_strides", s),
                                                      output(d_k, "d_k", d_k_strides, "d_k_strides", s),
                                                      output(d_v, "d_v", d_v_strides, "d_v_strides", s)};
        switch (lf::cpu::selected_isa()) {
#if defined(LF_HAVE_X86_ISAS)
            case lf::cpu::Isa::avx512: lf::cpu::avx512::window_attention_bwd(params); break;
            case lf::cpu::Isa::avx2: lf::cpu::avx2::window_attention_bwd(params); break;
#endif
            default: lf::cpu::generic::window_attention_bwd(params); break;
        }
    });
}

}  // extern "C"
