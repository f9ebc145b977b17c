// Device-side test data for the CUDA tests: device buffers in the three dtypes (converted from
// host floats, poisoned with 0xFF bytes, which are NaN in all three), token tensors in the
// layouts of strided_tensor.hpp, statistics, class indices and streams. The test executables
// link their own static CUDA runtime, a different copy from the library's, so every pointer and
// stream the library is handed here comes from another runtime, as in the Java ops (LibTorch's).
// Uploads and poisoning have finished when they return: cudaMemset and cudaMemcpy from pageable
// memory are queued on the legacy stream and may return early, and the tests run the ops on
// non-blocking streams, which do not wait for the legacy one.
#pragma once

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "harness.hpp"
#include "logoformer/logoformer.h"
#include "strided_tensor.hpp"

namespace lf_test {

const lf_dtype kCudaDtypes[] = {LF_DTYPE_FLOAT32, LF_DTYPE_BFLOAT16, LF_DTYPE_FLOAT16};

inline const char* dtype_name(lf_dtype dtype) {
    return dtype == LF_DTYPE_FLOAT32 ? "float32" : dtype == LF_DTYPE_BFLOAT16 ? "bfloat16" : "float16";
}

inline size_t element_bytes(lf_dtype dtype) { return dtype == LF_DTYPE_FLOAT32 ? 4 : 2; }

inline void check_cuda(cudaError_t error, const char* what) {
    if (error != cudaSuccess) {
        std::printf("  %s: %s\n", what, cudaGetErrorString(error));
        ++lf_test::failures();
    }
}

// Waits for what the legacy stream holds (the copies and memsets queued by the calls above).
inline void finish_legacy_stream(const char* what) { check_cuda(cudaStreamSynchronize(nullptr), what); }

// Device memory holding a host buffer of floats converted to the dtype.
class DeviceBuffer {
public:
    DeviceBuffer(size_t elements, lf_dtype dtype) : elements_(elements), dtype_(dtype) {
        check_cuda(cudaMalloc(&data_, elements * element_bytes(dtype)), "cudaMalloc");
    }
    ~DeviceBuffer() { cudaFree(data_); }
    DeviceBuffer(const DeviceBuffer&) = delete;
    DeviceBuffer& operator=(const DeviceBuffer&) = delete;

    void* at(int64_t offset) const { return static_cast<char*>(data_) + offset * element_bytes(dtype_); }
    size_t bytes() const { return elements_ * element_bytes(dtype_); }
    void poison() const {
        check_cuda(cudaMemset(data_, 0xFF, bytes()), "cudaMemset");
        finish_legacy_stream("poison");
    }

    // The stored bits, for bitwise comparisons.
    std::vector<unsigned char> raw() const {
        std::vector<unsigned char> bytes(this->bytes());
        check_cuda(cudaMemcpy(bytes.data(), data_, bytes.size(), cudaMemcpyDeviceToHost), "download");
        return bytes;
    }

    void upload(const std::vector<float>& host) const {
        std::vector<unsigned char> bytes(elements_ * element_bytes(dtype_));
        for (size_t i = 0; i < elements_; ++i) {
            if (dtype_ == LF_DTYPE_FLOAT32) {
                std::memcpy(&bytes[4 * i], &host[i], 4);
            } else if (dtype_ == LF_DTYPE_BFLOAT16) {
                const __nv_bfloat16 value = __float2bfloat16_rn(host[i]);
                std::memcpy(&bytes[2 * i], &value, 2);
            } else {
                const __half value = __float2half_rn(host[i]);
                std::memcpy(&bytes[2 * i], &value, 2);
            }
        }
        check_cuda(cudaMemcpy(data_, bytes.data(), bytes.size(), cudaMemcpyHostToDevice), "upload");
        finish_legacy_stream("upload");
    }

    std::vector<float> download() const {
        std::vector<unsigned char> bytes(elements_ * element_bytes(dtype_));
        check_cuda(cudaMemcpy(bytes.data(), data_, bytes.size(), cudaMemcpyDeviceToHost), "download");
        std::vector<float> host(elements_);
        for (size_t i = 0; i < elements_; ++i) {
            if (dtype_ == LF_DTYPE_FLOAT32) {
                std::memcpy(&host[i], &bytes[4 * i], 4);
            } else if (dtype_ == LF_DTYPE_BFLOAT16) {
                __nv_bfloat16 value;
                std::memcpy(&value, &bytes[2 * i], 2);
                host[i] = __bfloat162float(value);
            } else {
                __half value;
                std::memcpy(&value, &bytes[2 * i], 2);
                host[i] = __half2float(value);
            }
        }
        return host;
    }

private:
    void* data_ = nullptr;
    size_t elements_;
    lf_dtype dtype_;
};

// A token tensor on the device: a StridedTensor (layout + host staging) and its device copy.
struct DeviceTokens {
    StridedTensor host;
    std::shared_ptr<DeviceBuffer> device;  // shared by the q/k/v views of a packed buffer

    void* data() const { return device->at(host.offset); }
    const int64_t* strides() const { return host.strides; }
    // Dense [B, T, H, D] values as the device holds them.
    std::vector<double> values() const {
        *host.storage = device->download();
        return host.dense();
    }
};

struct DeviceTriple {
    DeviceTokens q, k, v;
};

// q/k/v (or their gradients) in `layout`, filled with `values` (nullptr: poisoned outputs).
inline DeviceTriple device_triple(int64_t B, int64_t T, int64_t H, int64_t D, Layout layout, lf_dtype dtype,
                           const std::vector<double>* values) {
    const lf_test::Triple t = lf_test::make_triple(B, T, H, D, layout);
    const auto buffer_of = [&](const StridedTensor& x) {
        return std::make_shared<DeviceBuffer>(x.storage->size(), dtype);
    };
    DeviceTriple d{{t.q, buffer_of(t.q)}, {t.k, nullptr}, {t.v, nullptr}};
    d.k.device = layout == Layout::packed_qkv ? d.q.device : buffer_of(t.k);
    d.v.device = layout == Layout::packed_qkv ? d.q.device : buffer_of(t.v);
    if (values == nullptr) {
        for (const DeviceTokens* x : {&d.q, &d.k, &d.v}) x->device->poison();
        return d;
    }
    d.q.host.assign(values[0]);
    d.k.host.assign(values[1]);
    d.v.host.assign(values[2]);
    for (const DeviceTokens* x : {&d.q, &d.k, &d.v}) x->device->upload(*x->host.storage);
    return d;
}

inline DeviceTokens device_tokens(int64_t B, int64_t T, int64_t H, int64_t D, Layout layout, lf_dtype dtype,
                           const std::vector<double>* values) {
    DeviceTokens x{StridedTensor(B, T, H, D, layout), nullptr};
    x.device = std::make_shared<DeviceBuffer>(x.host.storage->size(), dtype);
    if (values == nullptr) {
        x.device->poison();
    } else {
        x.host.assign(*values);
        x.device->upload(*x.host.storage);
    }
    return x;
}

inline std::vector<double> to_double(const std::vector<float>& v) { return std::vector<double>(v.begin(), v.end()); }

// A float32 device buffer (softmax and LayerNorm statistics), poisoned.
struct DeviceFloats {
    DeviceBuffer buffer;
    explicit DeviceFloats(size_t n) : buffer(n, LF_DTYPE_FLOAT32) { buffer.poison(); }
    float* data() const { return static_cast<float*>(buffer.at(0)); }
    std::vector<double> values() const { return to_double(buffer.download()); }
};

// int64 class indices on the device.
class DeviceTargets {
public:
    explicit DeviceTargets(const std::vector<int64_t>& values) : count_(values.size()) {
        check_cuda(cudaMalloc(&data_, count_ * sizeof(int64_t)), "cudaMalloc");
        upload(values);
    }
    ~DeviceTargets() { cudaFree(data_); }
    DeviceTargets(const DeviceTargets&) = delete;
    DeviceTargets& operator=(const DeviceTargets&) = delete;
    const int64_t* data() const { return data_; }
    void upload(const std::vector<int64_t>& values) const {
        check_cuda(cudaMemcpy(data_, values.data(), count_ * sizeof(int64_t), cudaMemcpyHostToDevice), "targets");
        finish_legacy_stream("targets");
    }

private:
    int64_t* data_ = nullptr;
    size_t count_;
};

// A stream of the test's own CUDA runtime (the library links another static copy, as LibTorch's
// runtime is another for the Java ops): non-blocking, so it never syncs with the legacy stream.
class Stream {
public:
    Stream() { check_cuda(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking), "cudaStreamCreate"); }
    ~Stream() { cudaStreamDestroy(stream_); }
    void* get() const { return stream_; }
    void wait() const { check_cuda(cudaStreamSynchronize(stream_), "cudaStreamSynchronize"); }

private:
    cudaStream_t stream_ = nullptr;
};

inline void check_close(const std::string& what, const std::vector<double>& got, const std::vector<double>& want,
                 double bound) {
    const double error = lf_test::relative_error(got, want);
    CHECK(error <= bound, "%s: relative error %.3g > %.3g", what.c_str(), error, bound);
}

inline void check_status(lf_status status, const std::string& what) {
    CHECK(status == LF_OK, "%s: %s: %s", what.c_str(), lf_status_string(status), lf_last_error_message());
}

// main() of a CUDA test: without a usable GPU it prints why and exits with 77, which ctest
// reports as skipped (SKIP_RETURN_CODE in native/tests/CMakeLists.txt); else runs the cases.
inline int run_cuda_tests(int argc, char** argv) {
    if (lf_cuda_available() == 0) {
        std::printf("skipped: lf_cuda_available() = 0 (no usable GPU or driver); %s\n", lf_build_info());
        return 77;
    }
    return run_all(argc, argv);
}

}  // namespace lf_test
