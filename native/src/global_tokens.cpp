// C entry points of global tokens (strided depthwise conv3d + bias + LayerNorm): argument
// checks into one params struct, then dispatch by device: the CUDA kernels (device pointers,
// any dtype) or the CPU kernels of the selected ISA.
#include "common/checks.hpp"
#include "common/error.hpp"
#include "common/global_tokens.hpp"
#include "cpu/global_tokens/kernels.hpp"
#include "cpu/isa_dispatch.hpp"
#include "cuda/global_tokens/api.hpp"

namespace {

using lf::ChannelsView;
using lf::GlobalTokensShape;
using lf::VectorView;
namespace check = lf::check;

GlobalTokensShape checked_shape(int64_t batch, int64_t channels, int64_t grid_f, int64_t grid_h, int64_t grid_w,
                                int64_t pool_f, int64_t pool_h, int64_t pool_w, float eps) {
    check::positive(batch, "batch");
    check::positive(channels, "channels");
    check::positive(grid_f, "grid_f");
    check::positive(grid_h, "grid_h");
    check::positive(grid_w, "grid_w");
    check::positive(pool_f, "pool_f");
    check::positive(pool_h, "pool_h");
    check::positive(pool_w, "pool_w");
    check::divides(pool_f, "pool_f", grid_f, "grid_f");
    check::divides(pool_h, "pool_h", grid_h, "grid_h");
    check::divides(pool_w, "pool_w", grid_w, "grid_w");
    check::finite(eps, "eps");
    if (!(eps > 0.0f)) {
        throw lf::Error(LF_ERROR_INVALID_ARGUMENT, check::expected("eps", "> 0", std::to_string(eps)));
    }
    const int64_t sizes[5] = {batch, grid_f, grid_h, grid_w, channels};
    check::checked_product(sizes, 5, "batch * grid_f * grid_h * grid_w * channels");
    return GlobalTokensShape(batch, channels, {grid_f, grid_h, grid_w}, {pool_f, pool_h, pool_w});
}

// [B, rows, C] through 3 element strides of element_bytes each. T: const void (an input) or void (an output).
template <typename T>
ChannelsView<T> channels(T* data, const char* name, const int64_t* strides, const char* strides_name, int64_t batch,
                         int64_t rows, int64_t C, int64_t element_bytes, bool is_output) {
    check::not_null(data, name);
    check::not_null(strides, strides_name);
    const int64_t sizes[3] = {batch, rows, C};
    const check::Strided described{name, data, element_bytes, 3, sizes, strides};
    is_output ? check::non_overlapping(described) : check::valid_strides(described);
    return ChannelsView<T>{data, strides[0], strides[1], strides[2]};
}

// [C, pf, ph, pw] through 4 element strides.
void weight(const void* data, const char* name, const int64_t* strides, const char* strides_name,
            const GlobalTokensShape& s, int64_t element_bytes, bool is_output) {
    check::not_null(data, name);
    check::not_null(strides, strides_name);
    const int64_t sizes[4] = {s.channels, s.pool[0], s.pool[1], s.pool[2]};
    const check::Strided described{name, data, element_bytes, 4, sizes, strides};
    is_output ? check::non_overlapping(described) : check::valid_strides(described);
}

// [C] through one element stride. T: const void or void.
template <typename T>
VectorView<T> vector(T* data, const char* name, int64_t stride, int64_t C, int64_t element_bytes, bool is_output) {
    check::not_null(data, name);
    const int64_t sizes[1] = {C};
    const check::Strided described{name, data, element_bytes, 1, sizes, &stride};
    is_output ? check::non_overlapping(described) : check::valid_strides(described);
    return VectorView<T>{data, stride};
}

}  // namespace

extern "C" {

LF_API lf_status lf_global_tokens_fwd(int32_t device, void* stream, int32_t dtype, int64_t batch, int64_t channels_,
                                      int64_t grid_f, int64_t grid_h, int64_t grid_w, int64_t pool_f, int64_t pool_h,
                                      int64_t pool_w, float eps, const void* x, const int64_t* x_strides,
                                      const void* weight_, const int64_t* weight_strides, const void* bias,
                                      int64_t bias_stride, const void* gamma, int64_t gamma_stride, const void* beta,
                                      int64_t beta_stride, void* out, const int64_t* out_strides, float* mean,
                                      float* rstd) {
    return lf::guarded([&] {
        [[maybe_unused]] const lf_device target = check::device_call(device, stream, dtype);
        const GlobalTokensShape s =
            checked_shape(batch, channels_, grid_f, grid_h, grid_w, pool_f, pool_h, pool_w, eps);
        const int64_t N = s.grid_tokens(), M = s.pooled_tokens(), C = channels_, E = check::element_bytes(dtype);
        weight(weight_, "weight", weight_strides, "weight_strides", s, E, false);
        check::contiguous(mean, batch * M, 4, "mean");
        check::contiguous(rstd, batch * M, 4, "rstd");
        const lf::GlobalTokensForward params{
            s,
            eps,
            channels(x, "x", x_strides, "x_strides", batch, N, C, E, false),
            weight_,
            {weight_strides[0], weight_strides[1], weight_strides[2], weight_strides[3]},
            vector(bias, "bias", bias_stride, C, E, false),
            vector(gamma, "gamma", gamma_stride, C, E, false),
            vector(beta, "beta", beta_stride, C, E, false),
            channels(out, "out", out_strides, "out_strides", batch, M, C, E, true),
            mean,
            rstd};
#if defined(LF_HAVE_CUDA)
        if (target == LF_DEVICE_CUDA) return lf::cuda::global_tokens_fwd(params, {dtype, stream});
#endif
        LF_CPU_DISPATCH(global_tokens_fwd, params, dtype)
    });
}

LF_API lf_status lf_global_tokens_bwd(int32_t device, void* stream, int32_t dtype, int64_t batch, int64_t channels_,
                                      int64_t grid_f, int64_t grid_h, int64_t grid_w, int64_t pool_f, int64_t pool_h,
                                      int64_t pool_w, float eps, const void* x, const int64_t* x_strides,
                                      const void* weight_, const int64_t* weight_strides, const void* bias,
                                      int64_t bias_stride, const void* gamma, int64_t gamma_stride, const float* mean,
                                      const float* rstd, const void* d_out, const int64_t* d_out_strides, void* d_x,
                                      const int64_t* d_x_strides, void* d_weight, const int64_t* d_weight_strides,
                                      void* d_bias, int64_t d_bias_stride, void* d_gamma, int64_t d_gamma_stride,
                                      void* d_beta, int64_t d_beta_stride) {
    return lf::guarded([&] {
        [[maybe_unused]] const lf_device target = check::device_call(device, stream, dtype);
        const GlobalTokensShape s =
            checked_shape(batch, channels_, grid_f, grid_h, grid_w, pool_f, pool_h, pool_w, eps);
        const int64_t N = s.grid_tokens(), M = s.pooled_tokens(), C = channels_, E = check::element_bytes(dtype);
        weight(weight_, "weight", weight_strides, "weight_strides", s, E, false);
        weight(d_weight, "d_weight", d_weight_strides, "d_weight_strides", s, E, true);
        check::contiguous(mean, batch * M, 4, "mean");
        check::contiguous(rstd, batch * M, 4, "rstd");
        const lf::GlobalTokensBackward params{
            s,
            channels(x, "x", x_strides, "x_strides", batch, N, C, E, false),
            weight_,
            {weight_strides[0], weight_strides[1], weight_strides[2], weight_strides[3]},
            vector(bias, "bias", bias_stride, C, E, false),
            vector(gamma, "gamma", gamma_stride, C, E, false),
            mean,
            rstd,
            channels(d_out, "d_out", d_out_strides, "d_out_strides", batch, M, C, E, false),
            channels(d_x, "d_x", d_x_strides, "d_x_strides", batch, N, C, E, true),
            d_weight,
            {d_weight_strides[0], d_weight_strides[1], d_weight_strides[2], d_weight_strides[3]},
            vector(d_bias, "d_bias", d_bias_stride, C, E, true),
            vector(d_gamma, "d_gamma", d_gamma_stride, C, E, true),
            vector(d_beta, "d_beta", d_beta_stride, C, E, true)};
#if defined(LF_HAVE_CUDA)
        if (target == LF_DEVICE_CUDA) return lf::cuda::global_tokens_bwd(params, {dtype, stream});
#endif
        LF_CPU_DISPATCH(global_tokens_bwd, params, dtype)
    });
}

}  // extern "C"
