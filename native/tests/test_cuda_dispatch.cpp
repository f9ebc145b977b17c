// What the Java ops (io.github.logoformer.ops: KernelTarget, CudaContext) rely on when they hand
// CUDA tensors to the library, checked from C++ because the Java path cannot run on the GPU
// machines this project gets (no Maven there, and LibTorch's GPU jar alone is 458 MB):
//  - streams: the Java ops pass LibTorch's current stream, usually the legacy default stream
//    (NULL), and queue behind LibTorch's earlier work without a sync. Every launch and workspace
//    allocation of every op goes to the caller's stream (a CUDA graph captured from that stream
//    recomputes every output), and the ops wait for work queued before them, on a non-blocking
//    stream and on NULL;
//  - the current device: a CUDAGuard makes the tensors' GPU current and the kernels use it; no
//    call changes it; with two GPUs, ops run on GPU 1 when it is current and refuse GPU 1 memory
//    while GPU 0 is (the README's open question; one GPU runs only the first part);
//  - dtypes and views: all four ops, forward and backward, in float32, bfloat16 and float16, q/k/v
//    as slices of one packed projection (Java's qkv.select(2, i));
//  - repeatability: no op accumulates with atomics, so every output is bit-identical across runs.
// Pointers and streams come from this executable's own CUDA runtime, not the library's copy,
// as LibTorch's do (cuda_buffers.hpp). The numerics are test_cuda_ops's; here each run is
// compared bit for bit with a first eager run. Without a usable GPU it exits with 77 (skipped).
#include <algorithm>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "cuda_buffers.hpp"
#include "harness.hpp"
#include "logoformer/logoformer.h"
#include "strided_tensor.hpp"

using lf_test::check_cuda;
using lf_test::check_status;
using lf_test::DeviceBuffer;
using lf_test::DeviceTokens;
using lf_test::DeviceTriple;
using lf_test::dtype_name;
using lf_test::kCudaDtypes;
using lf_test::Layout;
using lf_test::Stream;

namespace {

// Window attention (2x4x4 grid, 2x2x2 windows, one leading token, packed q/k/v), cross
// attention, global tokens (forward and backward: a workspace) and the mean compact loss (a
// workspace), with every input and output on the current GPU.
class AllOps {
public:
    AllOps(lf_dtype dtype, uint64_t seed) : dtype_(dtype), rng_(seed) {
        const auto input = [&](size_t elements) {
            auto buffer = std::make_shared<DeviceBuffer>(elements, dtype_);
            std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
            std::vector<float> values(elements);
            for (float& x : values) x = uniform(rng_);
            buffer->upload(values);
            inputs_.push_back(buffer);
            return buffer;
        };
        const auto output = [&](const char* name, size_t elements, lf_dtype type) {
            auto buffer = std::make_shared<DeviceBuffer>(elements, type);
            outputs_.emplace_back(name, buffer);
            return buffer;
        };
        const int64_t wB = 2, wT = kLeading + 2 * 4 * 4, wH = 2, wD = 64;
        const lf_test::Triple packed = lf_test::make_triple(wB, wT, wH, wD, Layout::packed_qkv);
        qkv_ = input(packed.q.storage->size());
        q_ = packed.q, k_ = packed.k, v_ = packed.v;
        window_d_out_ = input(wB * wT * wH * wD);
        window_out_ = output("window out", wB * wT * wH * wD, dtype_);
        window_lse_ = output("window lse", wB * wH * (wT - kLeading), LF_DTYPE_FLOAT32);
        for (const char* name : {"window d_q", "window d_k", "window d_v"})
            window_grads_.push_back(output(name, wB * wT * wH * wD, dtype_));

        cross_q_ = input(kCrossB * kCrossNq * kCrossH * kCrossD);
        cross_k_ = input(kCrossB * kCrossNk * kCrossH * kCrossD);
        cross_v_ = input(kCrossB * kCrossNk * kCrossH * kCrossD);
        cross_d_out_ = input(kCrossB * kCrossNq * kCrossH * kCrossD);
        cross_out_ = output("cross out", kCrossB * kCrossNq * kCrossH * kCrossD, dtype_);
        cross_lse_ = output("cross lse", kCrossB * kCrossH * kCrossNq, LF_DTYPE_FLOAT32);
        cross_d_q_ = output("cross d_q", kCrossB * kCrossNq * kCrossH * kCrossD, dtype_);
        cross_d_k_ = output("cross d_k", kCrossB * kCrossNk * kCrossH * kCrossD, dtype_);
        cross_d_v_ = output("cross d_v", kCrossB * kCrossNk * kCrossH * kCrossD, dtype_);

        const int64_t N = 2 * 4 * 4, M = N / 4, C = kPoolC;
        x_ = input(kPoolB * N * C);
        weight_ = input(C * 4);
        bias_ = input(C);
        gamma_ = input(C);
        beta_ = input(C);
        pooled_d_out_ = input(kPoolB * M * C);
        pooled_ = output("pooled", kPoolB * M * C, dtype_);
        mean_ = output("pooled mean", kPoolB * M, LF_DTYPE_FLOAT32);
        rstd_ = output("pooled rstd", kPoolB * M, LF_DTYPE_FLOAT32);
        d_x_ = output("global tokens d_x", kPoolB * N * C, dtype_);
        d_weight_ = output("global tokens d_weight", C * 4, dtype_);
        d_bias_ = output("global tokens d_bias", C, dtype_);
        d_gamma_ = output("global tokens d_gamma", C, dtype_);
        d_beta_ = output("global tokens d_beta", C, dtype_);

        logits_ = input(kLossB * kLossC);
        std::vector<int64_t> targets(kLossB);
        for (int64_t b = 0; b < kLossB; ++b) targets[b] = static_cast<int64_t>(rng_() % kLossC);
        targets_ = std::make_unique<lf_test::DeviceTargets>(targets);
        loss_ = output("compact loss", 1, LF_DTYPE_FLOAT32);
        loss_grad_ = output("compact loss grad", kLossB * kLossC, dtype_);
    }

    // Every op, forward then backward, on `stream`; false (with the failures counted) if a call failed.
    bool enqueue(void* stream) const {
        const std::string where = std::string(" (") + dtype_name(dtype_) + ")";
        bool ok = true;
        const auto call = [&](lf_status status, const char* what) {
            check_status(status, what + where);
            ok = ok && status == LF_OK;
        };
        call(window_attention_forward(stream), "window attention forward");
        const int64_t wT = kLeading + 2 * 4 * 4, dense[4] = {wT * 2 * 64, 2 * 64, 64, 1};
        const auto at = [&](const lf_test::StridedTensor& x) { return qkv_->at(x.offset); };
        call(lf_window_attention_bwd(LF_DEVICE_CUDA, stream, dtype_, 2, 2, 64, 2, 4, 4, kLeading, 2, 2, 2, 0.125f,
                                     at(q_), q_.strides, at(k_), k_.strides, at(v_), v_.strides, window_out_->at(0),
                                     dense, lse(window_lse_), window_d_out_->at(0), dense, window_grads_[0]->at(0),
                                     dense, window_grads_[1]->at(0), dense, window_grads_[2]->at(0), dense),
             "window attention backward");

        const int64_t q_strides[4] = {kCrossNq * kCrossH * kCrossD, kCrossH * kCrossD, kCrossD, 1};
        const int64_t k_strides[4] = {kCrossNk * kCrossH * kCrossD, kCrossH * kCrossD, kCrossD, 1};
        call(lf_cross_attention_fwd(LF_DEVICE_CUDA, stream, dtype_, kCrossB, kCrossH, kCrossD, kCrossNq, kCrossNk,
                                    0.2f, cross_q_->at(0), q_strides, cross_k_->at(0), k_strides, cross_v_->at(0),
                                    k_strides, cross_out_->at(0), q_strides, lse(cross_lse_)),
             "cross attention forward");
        call(lf_cross_attention_bwd(LF_DEVICE_CUDA, stream, dtype_, kCrossB, kCrossH, kCrossD, kCrossNq, kCrossNk,
                                    0.2f, cross_q_->at(0), q_strides, cross_k_->at(0), k_strides, cross_v_->at(0),
                                    k_strides, cross_out_->at(0), q_strides, lse(cross_lse_), cross_d_out_->at(0),
                                    q_strides, cross_d_q_->at(0), q_strides, cross_d_k_->at(0), k_strides,
                                    cross_d_v_->at(0), k_strides),
             "cross attention backward");

        const int64_t N = 2 * 4 * 4, M = N / 4, C = kPoolC;
        const int64_t x_strides[3] = {N * C, C, 1}, pooled_strides[3] = {M * C, C, 1}, w_strides[4] = {4, 4, 2, 1};
        call(lf_global_tokens_fwd(LF_DEVICE_CUDA, stream, dtype_, kPoolB, C, 2, 4, 4, 1, 2, 2, 1e-5f, x_->at(0),
                                  x_strides, weight_->at(0), w_strides, bias_->at(0), 1, gamma_->at(0), 1,
                                  beta_->at(0), 1, pooled_->at(0), pooled_strides, lse(mean_), lse(rstd_)),
             "global tokens forward");
        call(lf_global_tokens_bwd(LF_DEVICE_CUDA, stream, dtype_, kPoolB, C, 2, 4, 4, 1, 2, 2, 1e-5f, x_->at(0),
                                  x_strides, weight_->at(0), w_strides, bias_->at(0), 1, gamma_->at(0), 1, lse(mean_),
                                  lse(rstd_), pooled_d_out_->at(0), pooled_strides, d_x_->at(0), x_strides,
                                  d_weight_->at(0), w_strides, d_bias_->at(0), 1, d_gamma_->at(0), 1,
                                  d_beta_->at(0), 1),
             "global tokens backward");

        const int64_t logit_strides[2] = {kLossC, 1};
        call(lf_compact_loss_fwd(LF_DEVICE_CUDA, stream, dtype_, kLossB, kLossC, 0.5f, LF_REDUCTION_MEAN,
                                 logits_->at(0), logit_strides, targets_->data(), 1, lse(loss_), loss_grad_->at(0),
                                 logit_strides),
             "compact loss");
        return ok;
    }

    lf_status window_attention_forward(void* stream) const {
        const int64_t wT = kLeading + 2 * 4 * 4, dense[4] = {wT * 2 * 64, 2 * 64, 64, 1};
        return lf_window_attention_fwd(LF_DEVICE_CUDA, stream, dtype_, 2, 2, 64, 2, 4, 4, kLeading, 2, 2, 2, 0.125f,
                                       qkv_->at(q_.offset), q_.strides, qkv_->at(k_.offset), k_.strides,
                                       qkv_->at(v_.offset), v_.strides, window_out_->at(0), dense, lse(window_lse_));
    }

    void poison_outputs() const {
        for (const auto& [name, buffer] : outputs_) buffer->poison();
    }
    void poison_inputs() const {
        for (const auto& buffer : inputs_) buffer->poison();
    }

    using Bits = std::vector<std::pair<std::string, std::vector<unsigned char>>>;
    // Every output's stored bits, named.
    Bits outputs() const {
        Bits bits;
        for (const auto& [name, buffer] : outputs_) bits.emplace_back(name, buffer->raw());
        return bits;
    }
    const std::vector<std::shared_ptr<DeviceBuffer>>& input_buffers() const { return inputs_; }
    std::vector<std::shared_ptr<DeviceBuffer>> output_buffers() const {
        std::vector<std::shared_ptr<DeviceBuffer>> buffers;
        for (const auto& named : outputs_) buffers.push_back(named.second);
        return buffers;
    }
    // The first output holding a NaN, or "" (poisoned bytes are NaN in every dtype).
    std::string first_nan_output() const {
        for (const auto& [name, buffer] : outputs_)
            for (float x : buffer->download())
                if (x != x) return name;
        return "";
    }

private:
    static constexpr int64_t kLeading = 1, kCrossB = 2, kCrossH = 2, kCrossD = 32, kCrossNq = 37, kCrossNk = 9;
    static constexpr int64_t kPoolB = 2, kPoolC = 40, kLossB = 37, kLossC = 7;
    static float* lse(const std::shared_ptr<DeviceBuffer>& b) { return static_cast<float*>(b->at(0)); }

    lf_dtype dtype_;
    std::mt19937_64 rng_;
    std::vector<std::shared_ptr<DeviceBuffer>> inputs_;
    std::vector<std::pair<std::string, std::shared_ptr<DeviceBuffer>>> outputs_;
    std::shared_ptr<DeviceBuffer> qkv_, window_d_out_, window_out_, window_lse_;
    lf_test::StridedTensor q_{1, 1, 1, 1, Layout::dense}, k_ = q_, v_ = q_;
    std::vector<std::shared_ptr<DeviceBuffer>> window_grads_;
    std::shared_ptr<DeviceBuffer> cross_q_, cross_k_, cross_v_, cross_d_out_, cross_out_, cross_lse_, cross_d_q_,
        cross_d_k_, cross_d_v_;
    std::shared_ptr<DeviceBuffer> x_, weight_, bias_, gamma_, beta_, pooled_d_out_, pooled_, mean_, rstd_, d_x_,
        d_weight_, d_bias_, d_gamma_, d_beta_;
    std::shared_ptr<DeviceBuffer> logits_, loss_, loss_grad_;
    std::unique_ptr<lf_test::DeviceTargets> targets_;
};

// Checks that `got` holds the same bits as `want`, naming the first output that differs.
void check_same_bits(const AllOps::Bits& got, const AllOps::Bits& want, const std::string& what) {
    for (size_t i = 0; i < want.size(); ++i) {
        CHECK(got[i].second == want[i].second, "%s: %s differs from the first run", what.c_str(),
              want[i].first.c_str());
    }
}

// The first eager run on a stream of its own: the bits later runs must reproduce.
AllOps::Bits first_run(const AllOps& ops, lf_dtype dtype) {
    const Stream stream;
    ops.poison_outputs();
    ops.enqueue(stream.get());
    stream.wait();
    const std::string nan = ops.first_nan_output();
    CHECK(nan.empty(), "%s: %s holds NaN after the first run", dtype_name(dtype), nan.c_str());
    return ops.outputs();
}

TEST(every_launch_and_allocation_goes_to_the_callers_stream) {
    for (lf_dtype dtype : kCudaDtypes) {
        const AllOps ops(dtype, 7);
        const AllOps::Bits want = first_run(ops, dtype);
        const Stream stream;
        cudaStream_t s = static_cast<cudaStream_t>(stream.get());
        // Relaxed: the calls' pointer checks are not stream work and may run during capture.
        check_cuda(cudaStreamBeginCapture(s, cudaStreamCaptureModeRelaxed), "cudaStreamBeginCapture");
        const bool queued = ops.enqueue(s);
        cudaGraph_t graph = nullptr;
        const cudaError_t captured = cudaStreamEndCapture(s, &graph);
        CHECK(captured == cudaSuccess, "%s: capturing the ops on one stream: %s", dtype_name(dtype),
              cudaGetErrorString(captured));
        if (!queued || captured != cudaSuccess) continue;
        cudaGraphExec_t exec = nullptr;
        check_cuda(cudaGraphInstantiate(&exec, graph, 0), "cudaGraphInstantiate");
        // Work launched anywhere but the captured stream ran eagerly and is done now; the poison
        // then hides its results, so only what the graph recomputes can match the first run.
        check_cuda(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
        ops.poison_outputs();
        check_cuda(cudaGraphLaunch(exec, s), "cudaGraphLaunch");
        stream.wait();
        check_same_bits(ops.outputs(), want, std::string(dtype_name(dtype)) + " graph replay");
        cudaGraphExecDestroy(exec);
        cudaGraphDestroy(graph);
    }
}

// Inputs poisoned on the device, their values queued for upload behind a long memset on the
// stream, then the ops and the downloads queued without a sync: ops that did not wait for the
// upload would read NaN.
void check_ops_wait_on(cudaStream_t stream, const char* stream_name) {
    size_t free_bytes = 0, total = 0;
    check_cuda(cudaMemGetInfo(&free_bytes, &total), "cudaMemGetInfo");
    const size_t delay_bytes = std::min<size_t>(size_t{1} << 30, free_bytes / 4);  // ~0.2 ms at 4 TB/s
    void* delay = nullptr;
    check_cuda(cudaMalloc(&delay, delay_bytes), "cudaMalloc");
    for (lf_dtype dtype : {LF_DTYPE_FLOAT32, LF_DTYPE_BFLOAT16}) {
        const AllOps ops(dtype, 11);
        const AllOps::Bits want = first_run(ops, dtype);
        // Pinned staging, so that the copies are asynchronous like LibTorch's.
        std::vector<std::pair<std::shared_ptr<DeviceBuffer>, void*>> staged;
        for (const auto& buffer : ops.input_buffers()) {
            void* host = nullptr;
            check_cuda(cudaMallocHost(&host, buffer->bytes()), "cudaMallocHost");
            const std::vector<unsigned char> bits = buffer->raw();
            std::memcpy(host, bits.data(), bits.size());
            staged.emplace_back(buffer, host);
        }
        std::vector<std::pair<std::shared_ptr<DeviceBuffer>, void*>> results;
        for (const auto& buffer : ops.output_buffers()) {
            void* host = nullptr;
            check_cuda(cudaMallocHost(&host, buffer->bytes()), "cudaMallocHost");
            results.emplace_back(buffer, host);
        }
        ops.poison_inputs();
        ops.poison_outputs();
        check_cuda(cudaMemsetAsync(delay, 0, delay_bytes, stream), "cudaMemsetAsync");
        for (const auto& [buffer, host] : staged)
            check_cuda(cudaMemcpyAsync(buffer->at(0), host, buffer->bytes(), cudaMemcpyHostToDevice, stream), "upload");
        ops.enqueue(stream);
        for (const auto& [buffer, host] : results)
            check_cuda(cudaMemcpyAsync(host, buffer->at(0), buffer->bytes(), cudaMemcpyDeviceToHost, stream),
                       "download");
        check_cuda(cudaStreamSynchronize(stream), "cudaStreamSynchronize");
        AllOps::Bits got;
        for (size_t i = 0; i < results.size(); ++i) {
            const auto* bytes = static_cast<const unsigned char*>(results[i].second);
            got.emplace_back(want[i].first, std::vector<unsigned char>(bytes, bytes + results[i].first->bytes()));
        }
        check_same_bits(got, want, std::string(dtype_name(dtype)) + " queued on " + stream_name);
        for (const auto& [buffer, host] : staged) cudaFreeHost(host);
        for (const auto& [buffer, host] : results) cudaFreeHost(host);
    }
    cudaFree(delay);
}

TEST(ops_wait_for_earlier_work_on_the_callers_stream) {
    const Stream stream;
    check_ops_wait_on(static_cast<cudaStream_t>(stream.get()), "a non-blocking stream");
    check_ops_wait_on(nullptr, "the legacy default stream (NULL)");
}

TEST(every_output_repeats_bit_for_bit) {
    for (lf_dtype dtype : kCudaDtypes) {
        const AllOps ops(dtype, 13);
        const AllOps::Bits want = first_run(ops, dtype);
        for (int run = 0; run < 3; ++run) {
            const Stream stream;
            ops.poison_outputs();
            ops.enqueue(stream.get());
            stream.wait();
            check_same_bits(ops.outputs(), want, std::string(dtype_name(dtype)) + " run " + std::to_string(run + 2));
        }
    }
}

TEST(the_current_device_is_used_and_left_unchanged) {
    int before = -1, after = -1, count = 0;
    check_cuda(cudaGetDevice(&before), "cudaGetDevice");
    const AllOps ops(LF_DTYPE_FLOAT32, 17);
    const AllOps::Bits want = first_run(ops, LF_DTYPE_FLOAT32);
    check_cuda(cudaGetDevice(&after), "cudaGetDevice");
    CHECK(after == before, "the ops changed the current device from %d to %d", before, after);

    check_cuda(cudaGetDeviceCount(&count), "cudaGetDeviceCount");
    if (count < 2) {
        std::printf("  one GPU: the checks on a second GPU (ops on GPU 1 while it is current, GPU 1 memory\n"
                    "  refused while GPU 0 is) need two\n");
        return;
    }
    const int other = before == 0 ? 1 : 0;
    check_cuda(cudaSetDevice(other), "cudaSetDevice");
    {
        const AllOps there(LF_DTYPE_FLOAT32, 17);  // the same inputs, on the other GPU
        const Stream stream;
        there.poison_outputs();
        there.enqueue(stream.get());
        stream.wait();
        const AllOps::Bits got = there.outputs();
        for (size_t i = 0; i < want.size(); ++i) {
            // Same kernels on the same inputs; a GPU of another architecture may round differently.
            std::vector<float> a(want[i].second.size() / 4), b(a.size());
            std::memcpy(a.data(), want[i].second.data(), want[i].second.size());
            std::memcpy(b.data(), got[i].second.data(), got[i].second.size());
            lf_test::check_close(std::string("GPU ") + std::to_string(other) + " " + want[i].first,
                                 lf_test::to_double(b), lf_test::to_double(a), 1e-5);
        }
        int current = -1;
        check_cuda(cudaGetDevice(&current), "cudaGetDevice");
        CHECK(current == other, "the ops changed the current device from %d to %d", other, current);

        check_cuda(cudaSetDevice(before), "cudaSetDevice");
        const lf_status refused = there.window_attention_forward(nullptr);
        const std::string message = lf_last_error_message();
        CHECK(refused == LF_ERROR_INVALID_ARGUMENT &&
                  message.find("expected memory of the current GPU " + std::to_string(before)) != std::string::npos,
              "GPU %d memory while GPU %d is current: %s %s", other, before, lf_status_string(refused),
              message.c_str());
        check_cuda(cudaSetDevice(other), "cudaSetDevice");
    }
    check_cuda(cudaSetDevice(before), "cudaSetDevice");
}

}  // namespace

int main(int argc, char** argv) { return lf_test::run_cuda_tests(argc, argv); }
