// CUDA errors as lf::Error: every runtime call and every launch of the library goes through
// these, so a failure becomes a status code whose message names the call and the CUDA error.
#pragma once

#include <cuda_runtime.h>

#include <cstddef>

#include "common/error.hpp"

namespace lf::cuda {

// Throws lf::Error for `error` raised by `what`: LF_ERROR_UNSUPPORTED when no driver or GPU is
// usable (a valid call this machine cannot serve), LF_ERROR_OUT_OF_MEMORY for a failed
// allocation, LF_ERROR_DEVICE otherwise.
[[noreturn]] void throw_cuda_error(cudaError_t error, const char* what);

inline void check(cudaError_t error, const char* what) {
    if (error != cudaSuccess) throw_cuda_error(error, what);
}

// Right after a launch: a bad configuration or a missing kernel image is reported by the
// launch itself, not by some later synchronisation of the caller's.
inline void check_launch(const char* kernel) { check(cudaGetLastError(), kernel); }

// The current device, checked usable (no driver or no GPU: LF_ERROR_UNSUPPORTED).
int current_device();

// Throws LF_ERROR_INVALID_ARGUMENT unless `pointer` (argument `name`) is memory the current GPU
// can address: its device memory, managed or registered host memory. A host pointer or another
// GPU's memory would otherwise fault inside a kernel and leave the caller's CUDA context
// unusable. The kernels run on the current device (cudaSetDevice).
void check_device_pointer(const void* pointer, const char* name);

// Lets `kernel` use `bytes` of dynamic shared memory: above the 48 KB every kernel gets, the
// limit must be raised per kernel, up to the device's opt-in maximum (else UNSUPPORTED,
// naming `what` needs the memory).
void reserve_shared_memory(const void* kernel, size_t bytes, int device, const char* what);

}  // namespace lf::cuda

#define LF_CUDA_CHECK(call) ::lf::cuda::check((call), #call)
