// Device queries and CUDA error conversion shared by every CUDA op.
#include <string>

#include "cuda/common/check.cuh"
#include "cuda/common/device.hpp"

namespace lf::cuda {

void throw_cuda_error(cudaError_t error, const char* what) {
    const std::string detail = std::string(what) + ": " + cudaGetErrorName(error) + " (" + cudaGetErrorString(error) + ")";
    switch (error) {
        case cudaErrorInsufficientDriver:
        case cudaErrorNoDevice:
            throw Error(LF_ERROR_UNSUPPORTED,
                        "device: LF_DEVICE_CUDA is not available on this machine (no usable GPU or driver); " + detail);
        case cudaErrorMemoryAllocation:
            throw Error(LF_ERROR_OUT_OF_MEMORY, "out of GPU memory; " + detail);
        default:
            throw Error(LF_ERROR_DEVICE, "CUDA error in " + detail);
    }
}

int current_device() {
    int device = 0;
    LF_CUDA_CHECK(cudaGetDevice(&device));
    return device;
}

void check_device_pointer(const void* pointer, const char* name) {
    cudaPointerAttributes attributes{};
    LF_CUDA_CHECK(cudaPointerGetAttributes(&attributes, pointer));
    if (attributes.type == cudaMemoryTypeUnregistered) {
        throw Error(LF_ERROR_INVALID_ARGUMENT,
                    std::string(name) + ": expected GPU-accessible memory for LF_DEVICE_CUDA, got a host pointer");
    }
    const int device = current_device();
    if (attributes.type == cudaMemoryTypeDevice && attributes.device != device) {
        throw Error(LF_ERROR_INVALID_ARGUMENT, std::string(name) + ": expected memory of the current GPU " +
                                                   std::to_string(device) + " (cudaSetDevice), got GPU " +
                                                   std::to_string(attributes.device));
    }
}

void reserve_shared_memory(const void* kernel, size_t bytes, int device, const char* what) {
    constexpr size_t kDefaultLimit = 48 * 1024;
    if (bytes <= kDefaultLimit) return;
    int optin = 0;
    LF_CUDA_CHECK(cudaDeviceGetAttribute(&optin, cudaDevAttrMaxSharedMemoryPerBlockOptin, device));
    if (bytes > static_cast<size_t>(optin)) {
        throw Error(LF_ERROR_UNSUPPORTED, std::string(what) + ": needs " + std::to_string(bytes) +
                                              " bytes of shared memory per block, the GPU allows " +
                                              std::to_string(optin));
    }
    LF_CUDA_CHECK(cudaFuncSetAttribute(kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, static_cast<int>(bytes)));
}

int usable_device_count() noexcept {
    int count = 0;
    if (cudaGetDeviceCount(&count) != cudaSuccess) {
        cudaGetLastError();  // clear the error so a later call does not report it again
        return 0;
    }
    return count;
}

const char* runtime_version() noexcept {
    static const std::string version =
        std::to_string(CUDART_VERSION / 1000) + "." + std::to_string(CUDART_VERSION % 1000 / 10);
    return version.c_str();
}

}  // namespace lf::cuda
