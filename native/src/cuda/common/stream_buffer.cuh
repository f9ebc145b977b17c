// A stream-ordered workspace: cudaMallocAsync on the caller's stream (no device
// synchronisation, served from the driver's memory pool after the first calls), freed with
// cudaFreeAsync after the work queued before the free, also when a launch throws.
#pragma once

#include <cstddef>

#include "cuda/common/check.cuh"

namespace lf::cuda {

template <typename T>
class StreamBuffer {
public:
    StreamBuffer(size_t elements, cudaStream_t stream) : stream_(stream) {
        LF_CUDA_CHECK(cudaMallocAsync(&data_, elements * sizeof(T), stream));
    }
    ~StreamBuffer() { cudaFreeAsync(data_, stream_); }
    StreamBuffer(const StreamBuffer&) = delete;
    StreamBuffer& operator=(const StreamBuffer&) = delete;
    T* data() const { return static_cast<T*>(data_); }

private:
    void* data_ = nullptr;
    cudaStream_t stream_;
};

}  // namespace lf::cuda
