// The element types the CPU tests store tensors in: float and bfloat16 (Bf16, rounded to
// nearest even like the library), with their lf_dtype and conversions to and from double.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

#include "logoformer/logoformer.h"

namespace lf_test {

struct Bf16 {
    uint16_t bits;
};

inline float bf16_to_float(Bf16 x) {
    const uint32_t u = static_cast<uint32_t>(x.bits) << 16;
    float f;
    std::memcpy(&f, &u, 4);
    return f;
}

inline Bf16 bf16_from_float(float f) {
    uint32_t u;
    std::memcpy(&u, &f, 4);
    if ((u & 0x7fffffffu) > 0x7f800000u) return {static_cast<uint16_t>((u >> 16) | 0x40u)};  // quiet NaN
    return {static_cast<uint16_t>((u + 0x7fffu + ((u >> 16) & 1u)) >> 16)};
}

inline double to_double(float x) { return x; }
inline double to_double(Bf16 x) { return bf16_to_float(x); }

// x rounded to T (through float).
template <typename T>
T from_double(double x);
template <>
inline float from_double<float>(double x) {
    return static_cast<float>(x);
}
template <>
inline Bf16 from_double<Bf16>(double x) {
    return bf16_from_float(static_cast<float>(x));
}

template <typename T>
constexpr lf_dtype kDtype = LF_DTYPE_FLOAT32;
template <>
constexpr lf_dtype kDtype<Bf16> = LF_DTYPE_BFLOAT16;

template <typename T>
const char* dtype_name() {
    return kDtype<T> == LF_DTYPE_BFLOAT16 ? "bfloat16" : "float32";
}

// The values a tensor of T holds for `values`: each rounded to T.
template <typename T>
std::vector<double> rounded(std::vector<double> values) {
    for (double& x : values) x = to_double(from_double<T>(x));
    return values;
}

// Converts a dense vector to T (the storage a kernel reads) and back.
template <typename T>
std::vector<T> stored_as(const std::vector<double>& values) {
    std::vector<T> out(values.size());
    for (size_t i = 0; i < values.size(); ++i) out[i] = from_double<T>(values[i]);
    return out;
}
template <typename T>
std::vector<double> read_back(const std::vector<T>& values) {
    std::vector<double> out(values.size());
    for (size_t i = 0; i < values.size(); ++i) out[i] = to_double(values[i]);
    return out;
}

}  // namespace lf_test
