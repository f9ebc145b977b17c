// Shared parts of the CUDA benchmark harness (bench_<op>.cu): device ceilings measured on the
// spot (device-to-device copy bandwidth, fp32 FMA throughput), input sets rotated so that
// every timed run reads from DRAM rather than from a warm L2, CUDA-event timing with warm-up and
// the median of many runs, and one report line per op and shape (with --jsonl FILE, also one
// JSON object per line in FILE: what benchmarks/cuda/gpu_check.py reads). The ops are called
// through the public C ABI, as users call them.
#pragma once

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "logoformer/logoformer.h"

namespace lf_bench {

inline void check(cudaError_t error, const char* what) {
    if (error != cudaSuccess) {
        std::fprintf(stderr, "%s: %s\n", what, cudaGetErrorString(error));
        std::exit(1);
    }
}

inline void check(lf_status status, const char* what) {
    if (status != LF_OK) {
        std::fprintf(stderr, "%s: %s: %s\n", what, lf_status_string(status), lf_last_error_message());
        std::exit(1);
    }
}

inline size_t dtype_bytes(lf_dtype dtype) { return dtype == LF_DTYPE_FLOAT32 ? 4 : 2; }

inline const char* dtype_name(lf_dtype dtype) {
    return dtype == LF_DTYPE_FLOAT32 ? "f32" : dtype == LF_DTYPE_BFLOAT16 ? "bf16" : "f16";
}

struct Options {
    lf_dtype dtype = LF_DTYPE_BFLOAT16;
    const char* jsonl = nullptr;  // where to append the JSON records, or none
};

// [bf16|f16|f32] [--jsonl FILE]: the dtype (default bf16) and the file of JSON records.
inline Options options_from_args(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "f32") == 0) {
            options.dtype = LF_DTYPE_FLOAT32;
        } else if (std::strcmp(argv[i], "f16") == 0) {
            options.dtype = LF_DTYPE_FLOAT16;
        } else if (std::strcmp(argv[i], "bf16") == 0) {
            options.dtype = LF_DTYPE_BFLOAT16;
        } else if (std::strcmp(argv[i], "--jsonl") == 0 && i + 1 < argc) {
            options.jsonl = argv[++i];
        } else {
            std::fprintf(stderr, "%s: unexpected argument '%s'; usage: %s [bf16|f16|f32] [--jsonl FILE]\n", argv[0],
                         argv[i], argv[0]);
            std::exit(2);
        }
    }
    return options;
}

// A JSON string of plain text (device and op names): quotes and backslashes escaped.
inline std::string json_string(const std::string& text) {
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') quoted += '\\';
        quoted += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
    }
    return quoted + "\"";
}

// Values in [-1, 1) from a hash of the index: finite, varied, reproducible.
__global__ void fill_kernel(void* data, size_t count, int dtype, uint32_t seed) {
    for (size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x; i < count;
         i += static_cast<size_t>(gridDim.x) * blockDim.x) {
        uint32_t h = static_cast<uint32_t>(i) * 2654435761u ^ seed;
        h ^= h >> 16;
        h *= 2246822519u;
        h ^= h >> 13;
        const float x = static_cast<float>(h & 0xffffu) / 32768.0f - 1.0f;
        if (dtype == LF_DTYPE_FLOAT32) static_cast<float*>(data)[i] = x;
        if (dtype == LF_DTYPE_BFLOAT16) static_cast<__nv_bfloat16*>(data)[i] = __float2bfloat16_rn(x);
        if (dtype == LF_DTYPE_FLOAT16) static_cast<__half*>(data)[i] = __float2half_rn(x);
    }
}

// A device allocation of `count` elements of `dtype`, filled (inputs) or left as allocated.
class Buffer {
public:
    Buffer(size_t count, lf_dtype dtype, uint32_t seed) : bytes_(count * dtype_bytes(dtype)) {
        check(cudaMalloc(&data_, bytes_), "cudaMalloc");
        fill_kernel<<<1024, 256>>>(data_, count, dtype, seed);
        check(cudaDeviceSynchronize(), "fill_kernel");  // setup only: the timed streams do not wait on it
    }
    ~Buffer() { cudaFree(data_); }
    Buffer(const Buffer&) = delete;
    Buffer& operator=(const Buffer&) = delete;
    void* get() const { return data_; }
    float* floats() const { return static_cast<float*>(data_); }
    size_t bytes() const { return bytes_; }

private:
    void* data_ = nullptr;
    size_t bytes_;
};

struct Device {
    cudaDeviceProp properties;
    double copy_gbps;   // device-to-device copy: bytes read + written per second
    double fma_gflops;  // fp32 FMA throughput (the CUDA-core math the kernels use)
    std::FILE* records;  // --jsonl: one JSON object per line, or null
};

template <typename Body>
double median_ms(cudaStream_t stream, int warmup, int runs, Body body) {
    for (int i = 0; i < warmup; ++i) body(i);
    cudaEvent_t start, stop;
    check(cudaEventCreate(&start), "cudaEventCreate");
    check(cudaEventCreate(&stop), "cudaEventCreate");
    std::vector<float> times(runs);
    for (int i = 0; i < runs; ++i) {
        check(cudaEventRecord(start, stream), "cudaEventRecord");
        body(warmup + i);
        check(cudaEventRecord(stop, stream), "cudaEventRecord");
        check(cudaEventSynchronize(stop), "cudaEventSynchronize");
        check(cudaEventElapsedTime(&times[i], start, stop), "cudaEventElapsedTime");
    }
    cudaEventDestroy(start);
    cudaEventDestroy(stop);
    std::nth_element(times.begin(), times.begin() + runs / 2, times.end());
    return times[runs / 2];
}

// Eight independent FMA chains per thread: the fp32 issue rate, not the latency, bounds it.
__global__ void fma_kernel(float* out, int iterations) {
    float a[8];
#pragma unroll
    for (int k = 0; k < 8; ++k) a[k] = threadIdx.x * 1e-3f + k;
    for (int i = 0; i < iterations; ++i) {
#pragma unroll
        for (int k = 0; k < 8; ++k) a[k] = fmaf(a[k], 0.999999f, 1e-6f);
    }
    float sum = 0.0f;
#pragma unroll
    for (int k = 0; k < 8; ++k) sum += a[k];
    out[blockIdx.x * blockDim.x + threadIdx.x] = sum;
}

inline Device measure_device(cudaStream_t stream, const Options& options) {
    Device d{};
    if (options.jsonl != nullptr) {
        d.records = std::fopen(options.jsonl, "a");
        if (d.records == nullptr) {
            std::fprintf(stderr, "%s: cannot open for appending: %s\n", options.jsonl, std::strerror(errno));
            std::exit(1);
        }
    }
    int device = 0;
    check(cudaGetDevice(&device), "cudaGetDevice");
    check(cudaGetDeviceProperties(&d.properties, device), "cudaGetDeviceProperties");

    const size_t copy_bytes = size_t{1} << 30;
    void *from = nullptr, *to = nullptr;
    check(cudaMalloc(&from, copy_bytes), "cudaMalloc");
    check(cudaMalloc(&to, copy_bytes), "cudaMalloc");
    const double copy_ms = median_ms(stream, 3, 20, [&](int) {
        check(cudaMemcpyAsync(to, from, copy_bytes, cudaMemcpyDeviceToDevice, stream), "cudaMemcpyAsync");
    });
    d.copy_gbps = 2.0 * copy_bytes / (copy_ms * 1e6);
    cudaFree(from);
    cudaFree(to);

    const int blocks = d.properties.multiProcessorCount * 8, threads = 256, iterations = 1 << 16;
    float* sink = nullptr;
    check(cudaMalloc(&sink, sizeof(float) * blocks * threads), "cudaMalloc");
    const double fma_ms = median_ms(stream, 2, 10, [&](int) {
        fma_kernel<<<blocks, threads, 0, stream>>>(sink, iterations);
        check(cudaGetLastError(), "fma_kernel");
    });
    d.fma_gflops = 2.0 * 8 * static_cast<double>(iterations) * blocks * threads / (fma_ms * 1e6);
    cudaFree(sink);
    std::printf("device: %s, %d SMs, L2 %d MB; measured: copy %.0f GB/s, fp32 FMA %.0f GFLOP/s\n",
                d.properties.name, d.properties.multiProcessorCount, d.properties.l2CacheSize >> 20, d.copy_gbps,
                d.fma_gflops);
    std::printf("%-26s %-34s %-5s %9s %9s %6s %10s %6s\n", "op", "shape", "dtype", "ms", "GB/s", "%copy", "GFLOP/s",
                "%fma");
    if (d.records != nullptr) {
        std::fprintf(d.records,
                     "{\"record\": \"device\", \"name\": %s, \"sms\": %d, \"l2_bytes\": %d, \"copy_gbps\": %.6g, "
                     "\"fma_gflops\": %.6g, \"build\": %s}\n",
                     json_string(d.properties.name).c_str(), d.properties.multiProcessorCount, d.properties.l2CacheSize,
                     d.copy_gbps, d.fma_gflops, json_string(lf_build_info()).c_str());
        std::fflush(d.records);
    }
    return d;
}

// Input sets to rotate through: enough that one pass over them is three times the L2.
inline int rotation_sets(const Device& d, size_t bytes_per_set) {
    const size_t l2 = static_cast<size_t>(d.properties.l2CacheSize);
    return static_cast<int>(std::max<size_t>(2, (3 * l2 + bytes_per_set - 1) / bytes_per_set));
}

// `bytes`: the compulsory traffic (each input read once, each output written once);
// `flops`: the algorithm's multiply-adds times two, or 0 for an op that has no matrix work.
inline void report(const char* op, const std::string& shape, lf_dtype dtype, double ms, double bytes, double flops,
                   const Device& d) {
    const double gbps = bytes / (ms * 1e6), gflops = flops / (ms * 1e6);
    std::printf("%-26s %-34s %-5s %9.3f %9.0f %5.0f%%", op, shape.c_str(), dtype_name(dtype), ms, gbps,
                100.0 * gbps / d.copy_gbps);
    if (flops > 0) {
        std::printf(" %10.0f %5.0f%%\n", gflops, 100.0 * gflops / d.fma_gflops);
    } else {
        std::printf(" %10s %6s\n", "-", "-");
    }
    if (d.records != nullptr) {
        std::fprintf(d.records,
                     "{\"record\": \"result\", \"op\": %s, \"shape\": %s, \"dtype\": \"%s\", \"ms\": %.6g, "
                     "\"bytes\": %.6g, \"flops\": %.6g}\n",
                     json_string(op).c_str(), json_string(shape).c_str(), dtype_name(dtype), ms, bytes, flops);
        std::fflush(d.records);
    }
}

inline int skip_without_gpu() {
    if (lf_cuda_available()) return 0;
    std::printf("no usable GPU (lf_cuda_available() = 0): nothing to time. %s\n", lf_build_info());
    return 1;
}

}  // namespace lf_bench
