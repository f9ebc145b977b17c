// Compact softmax cross-entropy (loss and gradient in one call) on the GPU through the C ABI:
// a DFEW batch (32 x 7 classes, all launch overhead) and a large one (4096 x 1000), mean
// reduction. Bytes: logits read, targets read, gradient written; no matrix FLOPs.
// Usage: bench_compact_loss [bf16|f16|f32] [--jsonl FILE]   (default bf16; FILE gets JSON records)
#include <memory>

#include "bench_common.cuh"

namespace {

// Targets b % classes: valid, varied, written once per set.
__global__ void fill_targets(int64_t* targets, int64_t batch, int64_t classes) {
    for (int64_t b = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; b < batch;
         b += static_cast<int64_t>(gridDim.x) * blockDim.x) {
        targets[b] = b % classes;
    }
}

struct TensorSet {
    lf_bench::Buffer logits, grad, targets, loss;
    TensorSet(int64_t batch, int64_t classes, lf_dtype dtype, uint32_t seed)
        : logits(batch * classes, dtype, seed),
          grad(batch * classes, dtype, seed + 1),
          targets(2 * batch, LF_DTYPE_FLOAT32, seed + 2),  // int64 storage: two 4-byte slots each
          loss(batch, LF_DTYPE_FLOAT32, seed + 3) {
        fill_targets<<<256, 256>>>(static_cast<int64_t*>(targets.get()), batch, classes);
        lf_bench::check(cudaDeviceSynchronize(), "fill_targets");
    }
};

void bench(int64_t batch, int64_t classes, lf_dtype dtype, cudaStream_t stream, const lf_bench::Device& device) {
    const double matrix_bytes = static_cast<double>(batch * classes * lf_bench::dtype_bytes(dtype));
    const int count = lf_bench::rotation_sets(device, static_cast<size_t>(2 * matrix_bytes));
    std::vector<std::unique_ptr<TensorSet>> sets;
    for (int i = 0; i < count; ++i) sets.push_back(std::make_unique<TensorSet>(batch, classes, dtype, 16u * i));
    const int64_t strides[2] = {classes, 1};
    const auto call = [&](int i) {
        const TensorSet& t = *sets[i % count];
        lf_bench::check(lf_compact_loss_fwd(LF_DEVICE_CUDA, stream, dtype, batch, classes, 0.5f, LF_REDUCTION_MEAN,
                                            t.logits.get(), strides, static_cast<const int64_t*>(t.targets.get()), 1,
                                            t.loss.floats(), t.grad.get(), strides),
                        "lf_compact_loss_fwd");
    };
    lf_bench::report("compact_loss_fwd+grad", "B" + std::to_string(batch) + " C" + std::to_string(classes), dtype,
                     lf_bench::median_ms(stream, 5, 100, call), 2 * matrix_bytes + 8.0 * batch, 0, device);
}

}  // namespace

int main(int argc, char** argv) {
    const lf_bench::Options options = lf_bench::options_from_args(argc, argv);
    const lf_dtype dtype = options.dtype;
    if (lf_bench::skip_without_gpu()) return 0;
    cudaStream_t stream;
    lf_bench::check(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking), "cudaStreamCreate");
    const lf_bench::Device device = lf_bench::measure_device(stream, options);
    bench(32, 7, dtype, stream, device);
    bench(4096, 1000, dtype, stream, device);
    cudaStreamDestroy(stream);
    return 0;
}
