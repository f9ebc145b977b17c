// Cross attention on the GPU through the C ABI at LOGO-Former's global-attention
// shapes: every token of a 16x7x7 clip plus CLS (785 queries) over the pooled tokens plus CLS,
// 8 heads x 64, batch 32. Bytes count each tensor once; FLOPs are the algorithm's
// (4 Nq Nk D per batch and head forward, 10 Nq Nk D backward).
// Usage: bench_cross_attention [bf16|f16|f32] [--jsonl FILE]   (default bf16; FILE gets JSON records)
#include <memory>

#include "bench_common.cuh"

namespace {

struct Shape {
    int64_t batch, heads, head_dim, queries, keys;
    std::string name() const {
        return "B" + std::to_string(batch) + " Nq" + std::to_string(queries) + " Nk" + std::to_string(keys) + " " +
               std::to_string(heads) + "x" + std::to_string(head_dim);
    }
};

struct TensorSet {
    lf_bench::Buffer q, k, v, out, lse, d_out, d_q, d_k, d_v;
    TensorSet(size_t query_elements, size_t key_elements, size_t rows, lf_dtype dtype, uint32_t seed)
        : q(query_elements, dtype, seed),
          k(key_elements, dtype, seed + 1),
          v(key_elements, dtype, seed + 2),
          out(query_elements, dtype, seed + 3),
          lse(rows, LF_DTYPE_FLOAT32, seed + 4),
          d_out(query_elements, dtype, seed + 5),
          d_q(query_elements, dtype, seed + 6),
          d_k(key_elements, dtype, seed + 7),
          d_v(key_elements, dtype, seed + 8) {}
};

void bench(const Shape& s, lf_dtype dtype, cudaStream_t stream, const lf_bench::Device& device) {
    const size_t query_elements = static_cast<size_t>(s.batch * s.queries * s.heads * s.head_dim);
    const size_t key_elements = static_cast<size_t>(s.batch * s.keys * s.heads * s.head_dim);
    const size_t rows = static_cast<size_t>(s.batch * s.heads * s.queries);
    const size_t element = lf_bench::dtype_bytes(dtype), lse_bytes = rows * sizeof(float);
    const double query_bytes = static_cast<double>(query_elements * element);
    const double key_bytes = static_cast<double>(key_elements * element);
    const int count = lf_bench::rotation_sets(
        device, static_cast<size_t>(5 * query_bytes + 4 * key_bytes) + lse_bytes);
    std::vector<std::unique_ptr<TensorSet>> sets;
    for (int i = 0; i < count; ++i) {
        sets.push_back(std::make_unique<TensorSet>(query_elements, key_elements, rows, dtype, 16u * i));
    }
    const int64_t q_strides[4] = {s.queries * s.heads * s.head_dim, s.heads * s.head_dim, s.head_dim, 1};
    const int64_t k_strides[4] = {s.keys * s.heads * s.head_dim, s.heads * s.head_dim, s.head_dim, 1};
    const float scale = 1.0f / std::sqrt(static_cast<float>(s.head_dim));

    const auto forward = [&](int i) {
        const TensorSet& t = *sets[i % count];
        lf_bench::check(lf_cross_attention_fwd(LF_DEVICE_CUDA, stream, dtype, s.batch, s.heads, s.head_dim, s.queries,
                                               s.keys, scale, t.q.get(), q_strides, t.k.get(), k_strides, t.v.get(),
                                               k_strides, t.out.get(), q_strides, t.lse.floats()),
                        "lf_cross_attention_fwd");
    };
    const auto backward = [&](int i) {
        const TensorSet& t = *sets[i % count];
        lf_bench::check(lf_cross_attention_bwd(LF_DEVICE_CUDA, stream, dtype, s.batch, s.heads, s.head_dim, s.queries,
                                               s.keys, scale, t.q.get(), q_strides, t.k.get(), k_strides, t.v.get(),
                                               k_strides, t.out.get(), q_strides, t.lse.floats(), t.d_out.get(),
                                               q_strides, t.d_q.get(), q_strides, t.d_k.get(), k_strides, t.d_v.get(),
                                               k_strides),
                        "lf_cross_attention_bwd");
    };
    const double pair_flops = 2.0 * s.batch * s.heads * s.queries * s.keys * s.head_dim;
    lf_bench::report("cross_attention_fwd", s.name(), dtype, lf_bench::median_ms(stream, 5, 50, forward),
                     2 * query_bytes + 2 * key_bytes + lse_bytes, 2 * pair_flops, device);
    lf_bench::report("cross_attention_bwd", s.name(), dtype, lf_bench::median_ms(stream, 5, 50, backward),
                     4 * query_bytes + 4 * key_bytes + lse_bytes, 5 * pair_flops, device);
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
        {32, 8, 64, 785, 9},   // pool 2x7x7: 8 pooled tokens + CLS
        {32, 8, 64, 785, 17},  // pool 1x7x7: 16 pooled tokens + CLS
    };
    for (const Shape& s : shapes) bench(s, dtype, stream, device);
    cudaStreamDestroy(stream);
    return 0;
}
