// Window attention on the GPU through the C ABI at DESIGN.md's shapes: clips of 16x7x7 tokens
// plus CLS as one leading token, 8 heads x 64, batch 32, windows 2x7x7 (98 tokens) and 4x7x7
// (196), forward and backward timed apart. Bytes count each tensor once (q, k, v, out, lse;
// backward also d_out, d_q, d_k, d_v); FLOPs are the algorithm's: 4 N Lk D per (batch, head)
// forward, 10 N Lk D backward (Lk = window + leading tokens), whatever the kernels recompute.
// Usage: bench_window_attention [bf16|f16|f32] [--jsonl FILE]   (default bf16; FILE gets JSON records)
#include <memory>

#include "bench_common.cuh"

namespace {

struct Shape {
    int64_t batch, heads, head_dim, leading_tokens;
    int64_t grid[3], window[3];

    int64_t grid_tokens() const { return grid[0] * grid[1] * grid[2]; }
    int64_t tokens() const { return leading_tokens + grid_tokens(); }
    int64_t keys() const { return window[0] * window[1] * window[2] + leading_tokens; }
    std::string name() const {
        return "B" + std::to_string(batch) + " " + std::to_string(grid[0]) + "x" + std::to_string(grid[1]) + "x" +
               std::to_string(grid[2]) + "+" + std::to_string(leading_tokens) + " w" + std::to_string(window[0]) +
               "x" + std::to_string(window[1]) + "x" + std::to_string(window[2]) + " " + std::to_string(heads) +
               "x" + std::to_string(head_dim);
    }
};

// One set of the tensors of a forward and backward call.
struct TensorSet {
    lf_bench::Buffer q, k, v, out, lse, d_out, d_q, d_k, d_v;
    TensorSet(size_t elements, size_t rows, lf_dtype dtype, uint32_t seed)
        : q(elements, dtype, seed),
          k(elements, dtype, seed + 1),
          v(elements, dtype, seed + 2),
          out(elements, dtype, seed + 3),
          lse(rows, LF_DTYPE_FLOAT32, seed + 4),
          d_out(elements, dtype, seed + 5),
          d_q(elements, dtype, seed + 6),
          d_k(elements, dtype, seed + 7),
          d_v(elements, dtype, seed + 8) {}
};

void bench(const Shape& s, lf_dtype dtype, cudaStream_t stream, const lf_bench::Device& device) {
    const int64_t T = s.tokens(), N = s.grid_tokens();
    const size_t elements = static_cast<size_t>(s.batch * T * s.heads * s.head_dim);
    const size_t rows = static_cast<size_t>(s.batch * s.heads * N);
    const size_t tensor_bytes = elements * lf_bench::dtype_bytes(dtype), lse_bytes = rows * sizeof(float);
    const int count = lf_bench::rotation_sets(device, 9 * tensor_bytes + lse_bytes);
    std::vector<std::unique_ptr<TensorSet>> sets;
    for (int i = 0; i < count; ++i) sets.push_back(std::make_unique<TensorSet>(elements, rows, dtype, 16u * i));
    const int64_t strides[4] = {T * s.heads * s.head_dim, s.heads * s.head_dim, s.head_dim, 1};
    const float scale = 1.0f / std::sqrt(static_cast<float>(s.head_dim));

    const auto forward = [&](int i) {
        const TensorSet& t = *sets[i % count];
        lf_bench::check(lf_window_attention_fwd(LF_DEVICE_CUDA, stream, dtype, s.batch, s.heads, s.head_dim, s.grid[0],
                                                s.grid[1], s.grid[2], s.leading_tokens, s.window[0], s.window[1],
                                                s.window[2], scale, t.q.get(), strides, t.k.get(), strides, t.v.get(),
                                                strides, t.out.get(), strides, t.lse.floats()),
                        "lf_window_attention_fwd");
    };
    const auto backward = [&](int i) {
        const TensorSet& t = *sets[i % count];
        lf_bench::check(lf_window_attention_bwd(LF_DEVICE_CUDA, stream, dtype, s.batch, s.heads, s.head_dim, s.grid[0],
                                                s.grid[1], s.grid[2], s.leading_tokens, s.window[0], s.window[1],
                                                s.window[2], scale, t.q.get(), strides, t.k.get(), strides, t.v.get(),
                                                strides, t.out.get(), strides, t.lse.floats(), t.d_out.get(), strides,
                                                t.d_q.get(), strides, t.d_k.get(), strides, t.d_v.get(), strides),
                        "lf_window_attention_bwd");
    };
    const double pair_flops = 2.0 * s.batch * s.heads * N * s.keys() * s.head_dim;  // one N x Lk x D product
    const double forward_ms = lf_bench::median_ms(stream, 5, 50, forward);  // also leaves out and lse for backward
    lf_bench::report("window_attention_fwd", s.name(), dtype, forward_ms, 4.0 * tensor_bytes + lse_bytes,
                     2 * pair_flops, device);
    const double backward_ms = lf_bench::median_ms(stream, 5, 50, backward);
    lf_bench::report("window_attention_bwd", s.name(), dtype, backward_ms, 8.0 * tensor_bytes + lse_bytes,
                     5 * pair_flops, device);
}

}  // namespace

int main(int argc, char** argv) {
    const lf_bench::Options options = lf_bench::options_from_args(argc, argv);
    const lf_dtype dtype = options.dtype;
    if (lf_bench::skip_without_gpu()) return 0;
    cudaStream_t stream;
    lf_bench::check(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking), "cudaStreamCreate");
    const lf_bench::Device device = lf_bench::measure_device(stream, options);
    const Shape shapes[] = {
        {32, 8, 64, 1, {16, 7, 7}, {2, 7, 7}},   // LOGO-Former local attention, 98-token windows
        {32, 8, 64, 1, {16, 7, 7}, {4, 7, 7}},   // 196-token windows
        {32, 8, 64, 0, {16, 7, 7}, {1, 7, 7}},   // STT spatial attention (divided space-time)
        {32, 8, 64, 0, {16, 7, 7}, {16, 1, 1}},  // STT temporal attention
    };
    for (const Shape& s : shapes) bench(s, dtype, stream, device);
    cudaStreamDestroy(stream);
    return 0;
}
