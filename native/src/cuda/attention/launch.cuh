// Launches the attention kernels of kernel.cuh for one Layout and element type on the
// caller's stream: geometry from traits.cuh, the head-dim variant chosen at run time, shared
// memory raised where a variant needs more than 48 KB, every launch checked.
#pragma once

#include <string>

#include "cuda/attention/kernel.cuh"
#include "cuda/common/check.cuh"
#include "cuda/common/tokens.cuh"

namespace lf::cuda::attention {

// Throws LF_ERROR_UNSUPPORTED for a head dim the kernels have no variant for.
inline void check_head_dim(int64_t head_dim) {
    if (head_dim > kMaxHeadDim) {
        throw Error(LF_ERROR_UNSUPPORTED, "head_dim: expected <= " + std::to_string(kMaxHeadDim) +
                                              " on LF_DEVICE_CUDA, got " + std::to_string(head_dim));
    }
}

// Grid of `groups` groups of `blocks` blocks each, within CUDA's limits.
inline dim3 grid_for(int64_t groups, int64_t blocks, const char* what) {
    if (groups > 0x7fffffff || blocks > 65535) {
        throw Error(LF_ERROR_UNSUPPORTED, std::string(what) + ": " + std::to_string(groups) + " groups of " +
                                              std::to_string(blocks) + " blocks exceed the CUDA grid limits");
    }
    return dim3(static_cast<unsigned>(groups), static_cast<unsigned>(blocks));
}

template <typename Kernel, typename Layout, typename Args>
void launch(Kernel kernel, const char* name, int64_t groups, int64_t rows, int64_t (*shared_floats)(int, int),
            const Layout& layout, const Args& args, cudaStream_t stream) {
    if (groups == 0 || rows == 0) return;
    const Geometry geometry = geometry_for(rows);
    const size_t bytes = static_cast<size_t>(shared_floats(args.head_dim, geometry.warps)) * sizeof(float);
    reserve_shared_memory(reinterpret_cast<const void*>(kernel), bytes, current_device(), name);
    kernel<<<grid_for(groups, geometry.blocks, name), geometry.warps * 32, bytes, stream>>>(layout, args);
    check_launch(name);
}

// The kernels' typed views of a call's tensors, after checking the head dim. P is a window or
// cross attention parameter set: both name their tensors alike (q, k, v, out, lse; d_out, d_q,
// d_k, d_v for the backward).
template <typename T, typename P>
ForwardArgs<T> forward_args(const P& p) {
    const int64_t D = p.shape.head_dim;
    check_head_dim(D);
    return {static_cast<int>(D),           p.scale, device_tokens<const T>(p.q, D), device_tokens<const T>(p.k, D),
            device_tokens<const T>(p.v, D), device_tokens<T>(p.out, D), p.lse};
}

template <typename T, typename P>
BackwardArgs<T> backward_args(const P& p) {
    const int64_t D = p.shape.head_dim;
    check_head_dim(D);
    return {static_cast<int>(D),
            p.scale,
            device_tokens<const T>(p.q, D),
            device_tokens<const T>(p.k, D),
            device_tokens<const T>(p.v, D),
            device_tokens<const T>(p.out, D),
            p.lse,
            device_tokens<const T>(p.d_out, D),
            device_tokens<T>(p.d_q, D),
            device_tokens<T>(p.d_k, D),
            device_tokens<T>(p.d_v, D)};
}

template <typename Layout, typename T>
void launch_forward(const Layout& layout, const ForwardArgs<T>& args, cudaStream_t stream) {
    const auto kernel = args.head_dim <= 64 ? forward_kernel<Layout, T, 2> : forward_kernel<Layout, T, 4>;
    launch(kernel, "attention forward kernel", layout.groups(), layout.queries(), forward_shared_floats, layout, args,
           stream);
}

template <typename Layout, typename T>
void launch_backward(const Layout& layout, const BackwardArgs<T>& args, cudaStream_t stream) {
    const bool narrow = args.head_dim <= 64;
    launch(narrow ? dq_kernel<Layout, T, 2> : dq_kernel<Layout, T, 4>, "attention dQ kernel", layout.groups(),
           layout.queries(), dq_shared_floats, layout, args, stream);
    launch(narrow ? dkv_kernel<Layout, T, 2> : dkv_kernel<Layout, T, 4>, "attention dK/dV kernel",
           layout.key_groups(), layout.max_key_rows(), dkv_shared_floats, layout, args, stream);
}

template <typename T>
void zero_leading_rows(const DeviceTokens<T>& x, int64_t batch, int64_t count, int64_t heads, int D,
                       cudaStream_t stream) {
    const int64_t total = batch * count * heads * D;
    if (total == 0) return;
    constexpr int kThreads = 256;
    const int64_t blocks = (total + kThreads - 1) / kThreads;
    zero_leading_rows_kernel<T><<<static_cast<unsigned>(blocks < 4096 ? blocks : 4096), kThreads, 0, stream>>>(
        x, batch, count, heads, D);
    check_launch("zero_leading_rows_kernel");
}

}  // namespace lf::cuda::attention
