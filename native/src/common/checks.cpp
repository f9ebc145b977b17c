#include "common/checks.hpp"

#include <cmath>
#include <cstdint>
#include <sstream>

namespace lf::check {
namespace {

std::string dims_string(int rank, const int64_t* values) {
    std::ostringstream out;
    out << '[';
    for (int i = 0; i < rank; ++i) out << (i ? ", " : "") << values[i];
    out << ']';
    return out.str();
}

[[noreturn]] void unknown_dtype(int32_t dtype) {
    throw Error(LF_ERROR_INVALID_ARGUMENT,
                expected("dtype", "LF_DTYPE_FLOAT32 (0), LF_DTYPE_BFLOAT16 (1) or LF_DTYPE_FLOAT16 (2)",
                         std::to_string(dtype)));
}

std::string hex(uintptr_t address) {
    std::ostringstream out;
    out << "0x" << std::hex << address;
    return out.str();
}

// The span of `elements` elements from data (elements >= 1), or an error when it leaves the address space.
ByteSpan span_of(const char* name, const void* data, int64_t elements, int64_t element_bytes,
                 const std::string& layout) {
    int64_t bytes = 0;
    const uintptr_t begin = reinterpret_cast<uintptr_t>(data);
    uintptr_t end = 0;
    if (__builtin_mul_overflow(elements, element_bytes, &bytes) ||
        __builtin_add_overflow(begin, static_cast<uintptr_t>(bytes), &end) || end > kAddressLimit) {
        throw Error(LF_ERROR_OVERFLOW, std::string(name) + ": " + layout + " of " + std::to_string(element_bytes) +
                                           "-byte elements from address " + hex(begin) +
                                           " pass the end of the address space (2^56)");
    }
    return {begin, end};
}

}  // namespace

std::string expected(const char* name, const std::string& rule, const std::string& got) {
    return std::string(name) + ": expected " + rule + ", got " + got;
}

void not_null(const void* pointer, const char* name) {
    if (pointer == nullptr) throw Error(LF_ERROR_NULL_POINTER, expected(name, "a non-NULL pointer", "NULL"));
}

void positive(int64_t value, const char* name) {
    if (value < 1) throw Error(LF_ERROR_INVALID_ARGUMENT, expected(name, ">= 1", std::to_string(value)));
}

void non_negative(int64_t value, const char* name) {
    if (value < 0) throw Error(LF_ERROR_INVALID_ARGUMENT, expected(name, ">= 0", std::to_string(value)));
}

void divides(int64_t divisor, const char* divisor_name, int64_t value, const char* value_name) {
    if (value % divisor != 0) {
        throw Error(LF_ERROR_INVALID_ARGUMENT,
                    expected(divisor_name, std::string("a divisor of ") + value_name + " = " + std::to_string(value),
                             std::to_string(divisor)));
    }
}

void finite(float value, const char* name) {
    if (!std::isfinite(value)) {
        std::ostringstream got;
        got << value;
        throw Error(LF_ERROR_INVALID_ARGUMENT, expected(name, "a finite number", got.str()));
    }
}

int64_t element_bytes(int32_t dtype) { return dtype == LF_DTYPE_FLOAT32 ? 4 : 2; }

ByteSpan valid_strides(const Strided& t) {
    int64_t max_offset = 0;
    for (int i = 0; i < t.rank; ++i) {
        if (t.strides[i] < 0) {
            throw Error(LF_ERROR_INVALID_ARGUMENT,
                        expected(t.name, "non-negative strides", dims_string(t.rank, t.strides)));
        }
        int64_t term = 0;
        if (__builtin_mul_overflow(t.sizes[i] - 1, t.strides[i], &term) ||
            __builtin_add_overflow(max_offset, term, &max_offset) || max_offset == INT64_MAX) {
            throw Error(LF_ERROR_OVERFLOW, std::string(t.name) + ": element offsets overflow int64 for sizes " +
                                               dims_string(t.rank, t.sizes) + " and strides " +
                                               dims_string(t.rank, t.strides));
        }
    }
    return span_of(t.name, t.data, max_offset + 1, t.element_bytes,
                   "sizes " + dims_string(t.rank, t.sizes) + " and strides " + dims_string(t.rank, t.strides));
}

ByteSpan non_overlapping(const Strided& t) {
    const ByteSpan span = valid_strides(t);
    // Dims of size > 1 in increasing stride order (insertion sort: rank is at most 8).
    int order[8];
    int used = 0;
    for (int i = 0; i < t.rank && i < 8; ++i) {
        if (t.sizes[i] <= 1) continue;
        int j = used++;
        for (; j > 0 && t.strides[order[j - 1]] > t.strides[i]; --j) order[j] = order[j - 1];
        order[j] = i;
    }
    int64_t extent = 1;  // elements spanned by the dims checked so far
    for (int j = 0; j < used; ++j) {
        const int dim = order[j];
        if (t.strides[dim] < extent) {
            throw Error(LF_ERROR_INVALID_ARGUMENT,
                        expected(t.name, "an output layout whose elements do not overlap (dims sorted by stride must nest)",
                                 "sizes " + dims_string(t.rank, t.sizes) + " with strides " +
                                     dims_string(t.rank, t.strides)));
        }
        extent = t.strides[dim] * t.sizes[dim];  // no overflow: valid_strides bounded it
    }
    return span;
}

ByteSpan contiguous(const void* data, int64_t count, int64_t element_bytes, const char* name) {
    not_null(data, name);
    return span_of(name, data, count, element_bytes, std::to_string(count) + " contiguous values");
}

void apart(const ByteSpan& output, const char* output_name, const ByteSpan& other, const char* other_name) {
    if (output.begin < other.end && other.begin < output.end) {
        throw Error(LF_ERROR_INVALID_ARGUMENT,
                    expected(output_name, std::string("memory apart from ") + other_name,
                             "bytes [" + hex(output.begin) + ", " + hex(output.end) + ") overlapping " + other_name +
                                 " at [" + hex(other.begin) + ", " + hex(other.end) + ")"));
    }
}

int64_t checked_product(const int64_t* sizes, int count, const char* what) {
    int64_t product = 1;
    for (int i = 0; i < count; ++i) {
        if (__builtin_mul_overflow(product, sizes[i], &product)) {
            throw Error(LF_ERROR_OVERFLOW, std::string(what) + ": element count " + dims_string(count, sizes) +
                                               " overflows int64");
        }
    }
    return product;
}

void cpu_call(int32_t device, const void* stream, int32_t dtype) {
    if (device == LF_DEVICE_CUDA) {
        throw Error(LF_ERROR_UNSUPPORTED, "device: LF_DEVICE_CUDA is not available in this build (lf_build_info())");
    }
    if (device != LF_DEVICE_CPU) {
        throw Error(LF_ERROR_INVALID_ARGUMENT,
                    expected("device", "LF_DEVICE_CPU (0) or LF_DEVICE_CUDA (1)", std::to_string(device)));
    }
    if (stream != nullptr) {
        throw Error(LF_ERROR_INVALID_ARGUMENT, expected("stream", "NULL for LF_DEVICE_CPU", "a non-NULL stream"));
    }
    if (dtype == LF_DTYPE_FLOAT16) {
        throw Error(LF_ERROR_UNSUPPORTED, expected("dtype", "LF_DTYPE_FLOAT32 or LF_DTYPE_BFLOAT16 on LF_DEVICE_CPU",
                                                   std::to_string(dtype) + " (float16: CUDA only)"));
    }
    if (dtype != LF_DTYPE_FLOAT32 && dtype != LF_DTYPE_BFLOAT16) unknown_dtype(dtype);
}

lf_device device_call(int32_t device, const void* stream, int32_t dtype) {
#if defined(LF_HAVE_CUDA)
    if (device == LF_DEVICE_CUDA) {
        if (dtype != LF_DTYPE_FLOAT32 && dtype != LF_DTYPE_BFLOAT16 && dtype != LF_DTYPE_FLOAT16) unknown_dtype(dtype);
        return LF_DEVICE_CUDA;
    }
#endif
    cpu_call(device, stream, dtype);
    return LF_DEVICE_CPU;
}

}  // namespace lf::check
