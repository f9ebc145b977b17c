// Argument checks shared by the C entry points. Each failed check throws lf::Error with a
// message that names the argument, states the rule and shows the value.
#pragma once

#include <cstdint>
#include <string>

#include "common/error.hpp"

namespace lf::check {

// Formats "name: expected <rule>, got <value>".
std::string expected(const char* name, const std::string& rule, const std::string& got);

void not_null(const void* pointer, const char* name);
void positive(int64_t value, const char* name);
void non_negative(int64_t value, const char* name);
void divides(int64_t divisor, const char* divisor_name, int64_t value, const char* value_name);
void finite(float value, const char* name);

// A strided tensor argument: its name, dims and strides (elements).
struct Strided {
    const char* name;
    int rank;
    const int64_t* sizes;
    const int64_t* strides;
};

// Strides non-negative, and the largest element offset fits in int64.
void valid_strides(const Strided& t);
// valid_strides, plus: no two index tuples share an element (dims sorted by stride nest
// without overlap), so parallel writers never collide.
void non_overlapping(const Strided& t);

// Product of sizes, throwing LF_ERROR_OVERFLOW when it exceeds int64.
int64_t checked_product(const int64_t* sizes, int count, const char* what);

// Device, stream and dtype that a CPU call accepts: LF_DEVICE_CPU, a NULL stream, float32 or
// bfloat16 (float16: LF_ERROR_UNSUPPORTED).
void cpu_call(int32_t device, const void* stream, int32_t dtype);

// Device, stream and dtype of an op that both devices serve; returns the device. LF_DEVICE_CPU:
// the rules of cpu_call. LF_DEVICE_CUDA: float32, bfloat16 or float16 and any stream in a build
// with CUDA kernels (LF_ERROR_UNSUPPORTED in one without).
lf_device device_call(int32_t device, const void* stream, int32_t dtype);

}  // namespace lf::check
