// What the C entry points and lf_build_info() need to know about the CUDA build, in plain
// C++ (no CUDA headers), so the host-only sources can ask it.
#pragma once

namespace lf::cuda {

// Number of usable GPUs; 0 when there is no driver (cudaErrorInsufficientDriver, error 35) or
// no device: that is an answer, not an error.
int usable_device_count() noexcept;

// The CUDA runtime this library was built with and linked statically, e.g. "13.0".
const char* runtime_version() noexcept;

}  // namespace lf::cuda
