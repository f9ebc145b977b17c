// Global tokens (depthwise conv3d with kernel = stride, bias, LayerNorm) on the GPU through the
// C ABI at LOGO-Former's shapes: batch 32, 512 channels, 16x7x7 grid, pools 2x7x7 and 1x7x7.
// Bytes count each tensor once; FLOPs: the convolution's 2 B N C forward, three times that
// backward (the recomputed convolution, d_x and d_weight).
// Usage: bench_global_tokens [bf16|f16|f32] [--jsonl FILE]   (default bf16; FILE gets JSON records)
#include <memory>

#include "bench_common.cuh"

namespace {

struct Shape {
    int64_t batch, channels;
    int64_t grid[3], pool[3];

    int64_t tokens() const { return grid[0] * grid[1] * grid[2]; }
    int64_t cells() const { return pool[0] * pool[1] * pool[2]; }
    int64_t pooled() const { return tokens() / cells(); }
    std::string name() const {
        return "B" + std::to_string(batch) + " C" + std::to_string(channels) + " " + std::to_string(grid[0]) + "x" +
               std::to_string(grid[1]) + "x" + std::to_string(grid[2]) + " pool " + std::to_string(pool[0]) + "x" +
               std::to_string(pool[1]) + "x" + std::to_string(pool[2]);
    }
};

struct TensorSet {
    lf_bench::Buffer x, weight, bias, gamma, beta, out, mean, rstd, d_out, d_x, d_weight, d_bias, d_gamma, d_beta;
    TensorSet(const Shape& s, lf_dtype dtype, uint32_t seed)
        : x(s.batch * s.tokens() * s.channels, dtype, seed),
          weight(s.channels * s.cells(), dtype, seed + 1),
          bias(s.channels, dtype, seed + 2),
          gamma(s.channels, dtype, seed + 3),
          beta(s.channels, dtype, seed + 4),
          out(s.batch * s.pooled() * s.channels, dtype, seed + 5),
          mean(s.batch * s.pooled(), LF_DTYPE_FLOAT32, seed + 6),
          rstd(s.batch * s.pooled(), LF_DTYPE_FLOAT32, seed + 7),
          d_out(s.batch * s.pooled() * s.channels, dtype, seed + 8),
          d_x(s.batch * s.tokens() * s.channels, dtype, seed + 9),
          d_weight(s.channels * s.cells(), dtype, seed + 10),
          d_bias(s.channels, dtype, seed + 11),
          d_gamma(s.channels, dtype, seed + 12),
          d_beta(s.channels, dtype, seed + 13) {}
};

void bench(const Shape& s, lf_dtype dtype, cudaStream_t stream, const lf_bench::Device& device) {
    const int64_t N = s.tokens(), M = s.pooled(), C = s.channels, K = s.cells();
    const double element = static_cast<double>(lf_bench::dtype_bytes(dtype));
    const double grid_bytes = element * s.batch * N * C, pooled_bytes = element * s.batch * M * C;
    const double parameter_bytes = element * C * (K + 3), stats_bytes = 2.0 * sizeof(float) * s.batch * M;
    const int count = lf_bench::rotation_sets(device, static_cast<size_t>(2 * grid_bytes + 2 * pooled_bytes));
    std::vector<std::unique_ptr<TensorSet>> sets;
    for (int i = 0; i < count; ++i) sets.push_back(std::make_unique<TensorSet>(s, dtype, 16u * i));
    const int64_t grid_strides[3] = {N * C, C, 1}, pooled_strides[3] = {M * C, C, 1};
    const int64_t weight_strides[4] = {K, s.pool[1] * s.pool[2], s.pool[2], 1};

    const auto forward = [&](int i) {
        const TensorSet& t = *sets[i % count];
        lf_bench::check(lf_global_tokens_fwd(LF_DEVICE_CUDA, stream, dtype, s.batch, C, s.grid[0], s.grid[1],
                                             s.grid[2], s.pool[0], s.pool[1], s.pool[2], 1e-5f, t.x.get(),
                                             grid_strides, t.weight.get(), weight_strides, t.bias.get(), 1,
                                             t.gamma.get(), 1, t.beta.get(), 1, t.out.get(), pooled_strides,
                                             t.mean.floats(), t.rstd.floats()),
                        "lf_global_tokens_fwd");
    };
    const auto backward = [&](int i) {
        const TensorSet& t = *sets[i % count];
        lf_bench::check(lf_global_tokens_bwd(LF_DEVICE_CUDA, stream, dtype, s.batch, C, s.grid[0], s.grid[1],
                                             s.grid[2], s.pool[0], s.pool[1], s.pool[2], 1e-5f, t.x.get(),
                                             grid_strides, t.weight.get(), weight_strides, t.bias.get(), 1,
                                             t.gamma.get(), 1, t.mean.floats(), t.rstd.floats(), t.d_out.get(),
                                             pooled_strides, t.d_x.get(), grid_strides, t.d_weight.get(),
                                             weight_strides, t.d_bias.get(), 1, t.d_gamma.get(), 1, t.d_beta.get(), 1),
                        "lf_global_tokens_bwd");
    };
    const double conv_flops = 2.0 * s.batch * N * C;
    lf_bench::report("global_tokens_fwd", s.name(), dtype, lf_bench::median_ms(stream, 5, 50, forward),
                     grid_bytes + pooled_bytes + parameter_bytes + stats_bytes, conv_flops, device);
    lf_bench::report("global_tokens_bwd", s.name(), dtype, lf_bench::median_ms(stream, 5, 50, backward),
                     2 * grid_bytes + pooled_bytes + 2 * parameter_bytes + stats_bytes, 3 * conv_flops, device);
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
        {32, 512, {16, 7, 7}, {2, 7, 7}},
        {32, 512, {16, 7, 7}, {1, 7, 7}},
    };
    for (const Shape& s : shapes) bench(s, dtype, stream, device);
    cudaStreamDestroy(stream);
    return 0;
}
