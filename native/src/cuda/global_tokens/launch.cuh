// Global tokens on the GPU for one element type T: launches on the caller's stream (the kernels
// take the shared params and type their views), and the backward's stream-ordered workspace.
// Instantiated per dtype.
#pragma once

#include <string>

#include "cuda/common/check.cuh"
#include "cuda/common/stream_buffer.cuh"
#include "cuda/global_tokens/api.hpp"
#include "cuda/global_tokens/kernel.cuh"

namespace lf::cuda {
namespace global_tokens {

// Threads of a per-pooled-token block: the channels rounded up to whole warps, at most 256.
inline int row_threads(int64_t channels) {
    const int64_t warps = (channels + 31) / 32;
    return static_cast<int>(warps < 8 ? warps * 32 : 256);
}

inline size_t row_shared_bytes(int64_t channels) { return static_cast<size_t>(channels + 32) * sizeof(float); }

}  // namespace global_tokens

template <typename T>
void run_global_tokens_fwd(const GlobalTokensForward& p, cudaStream_t stream) {
    using namespace global_tokens;
    const GlobalTokensShape& s = p.shape;
    const int64_t rows = s.batch * s.pooled_tokens();
    const size_t bytes = row_shared_bytes(s.channels);
    reserve_shared_memory(reinterpret_cast<const void*>(forward_kernel<T>), bytes, current_device(),
                          "global tokens forward (channels)");
    if (rows > 0x7fffffff) throw Error(LF_ERROR_UNSUPPORTED, "batch * pooled tokens exceeds the CUDA grid limit");
    forward_kernel<T><<<static_cast<unsigned>(rows), row_threads(s.channels), bytes, stream>>>(p);
    check_launch("global_tokens forward_kernel");
}

template <typename T>
void run_global_tokens_bwd(const GlobalTokensBackward& p, cudaStream_t stream) {
    using namespace global_tokens;
    const GlobalTokensShape& s = p.shape;
    const int64_t C = s.channels, K = s.pool_volume(), rows = s.batch * s.pooled_tokens();
    const int64_t chunks = (rows + kRowsPerChunk - 1) / kRowsPerChunk;
    if (rows > 0x7fffffff || chunks > 65535 || K + 3 > 65535) {
        throw Error(LF_ERROR_UNSUPPORTED, "global tokens backward: " + std::to_string(rows) + " pooled tokens of " +
                                              std::to_string(K) + " cells exceed the CUDA grid limits");
    }
    const size_t bytes = row_shared_bytes(C);
    reserve_shared_memory(reinterpret_cast<const void*>(input_gradient_kernel<T>), bytes, current_device(),
                          "global tokens backward (channels)");
    const StreamBuffer<float> workspace(static_cast<size_t>(2 * rows * C + (K + 3) * chunks * C), stream);
    const Workspace w{rows, workspace.data(), workspace.data() + rows * C, workspace.data() + 2 * rows * C, chunks};
    input_gradient_kernel<T><<<static_cast<unsigned>(rows), row_threads(C), bytes, stream>>>(p, w);
    check_launch("global_tokens input_gradient_kernel");
    const dim3 partial_grid(static_cast<unsigned>((C + kParameterThreads - 1) / kParameterThreads),
                            static_cast<unsigned>(chunks), static_cast<unsigned>(K + 3));
    parameter_partials_kernel<T><<<partial_grid, kParameterThreads, 0, stream>>>(p, w);
    check_launch("global_tokens parameter_partials_kernel");
    const int64_t sums = (K + 3) * C, blocks = (sums + 255) / 256;
    parameter_sums_kernel<T><<<static_cast<unsigned>(blocks < 4096 ? blocks : 4096), 256, 0, stream>>>(p, w);
    check_launch("global_tokens parameter_sums_kernel");
}

}  // namespace lf::cuda
