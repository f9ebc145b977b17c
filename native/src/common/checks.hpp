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

// Bytes per element of a call's floating-point tensors; dtype must be a known lf_dtype.
int64_t element_bytes(int32_t dtype);

// The bytes [begin, end) a tensor argument spans, from its first element to the end of its last.
struct ByteSpan {
    uintptr_t begin, end;
};

// A strided tensor argument: its name, data (not NULL: checked before), bytes per element, dims
// (each >= 1: checked before) and strides (elements).
struct Strided {
    const char* name;
    const void* data;
    int64_t element_bytes;
    int rank;
    const int64_t* sizes;
    const int64_t* strides;
};

// Strides non-negative, the largest element offset fits in int64, and the bytes the tensor spans
// neither wrap around nor pass the end of the address space (kAddressLimit); returns that span.
ByteSpan valid_strides(const Strided& t);
// valid_strides, plus: no two index tuples share an element (dims sorted by stride nest
// without overlap), so parallel writers never collide.
ByteSpan non_overlapping(const Strided& t);
// A contiguous array of count >= 1 elements (lse, mean, rstd, loss): not NULL, and its bytes within
// the address space as for valid_strides.
ByteSpan contiguous(const void* data, int64_t count, int64_t element_bytes, const char* name);
// An output whose memory must be apart from another argument's: throws when their spans intersect.
void apart(const ByteSpan& output, const char* output_name, const ByteSpan& other, const char* other_name);

// Addresses at or above this are outside every 64-bit Linux user address space (x86-64 with 5-level
// paging reaches 2^56; AArch64 2^52): a span reaching past it cannot be memory the caller holds.
static_assert(sizeof(uintptr_t) == 8, "the library targets 64-bit platforms");
inline constexpr uintptr_t kAddressLimit = uintptr_t{1} << 56;

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
