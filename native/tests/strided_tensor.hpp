// [B, T, heads, D] test tensors of float or bfloat16 (elements.hpp) stored in the layouts
// callers really pass: dense, q/k/v slices of one packed qkv buffer, heads-major, head-dim-strided
// (D not unit), and dense views one element into their storage (a narrowed tensor: rows not 16-byte
// aligned); and the error measures and tolerances of the tests.
#pragma once

#include <cmath>
#include <cstdint>
#include <memory>
#include <random>
#include <vector>

#include "elements.hpp"

namespace lf_test {

enum class Layout { dense, packed_qkv, heads_major, head_dim_strided, misaligned };

inline const char* layout_name(Layout layout) {
    switch (layout) {
        case Layout::dense: return "dense";
        case Layout::packed_qkv: return "packed_qkv";
        case Layout::heads_major: return "heads_major";
        case Layout::head_dim_strided: return "head_dim_strided";
        default: return "misaligned";
    }
}

template <typename E>
struct BasicStridedTensor {
    std::shared_ptr<std::vector<E>> storage;  // shared by the q/k/v views of a packed buffer
    int64_t offset = 0;
    int64_t strides[4] = {0, 0, 0, 0};
    int64_t sizes[4] = {0, 0, 0, 0};

    BasicStridedTensor(int64_t B, int64_t T, int64_t H, int64_t D, Layout layout) : sizes{B, T, H, D} {
        int64_t elements = B * T * H * D;
        switch (layout) {
            case Layout::dense: set_strides(T * H * D, H * D, D, 1); break;
            case Layout::packed_qkv: set_strides(T * 3 * H * D, 3 * H * D, D, 1), elements *= 3; break;
            case Layout::heads_major: set_strides(H * T * D, D, T * D, 1); break;
            case Layout::head_dim_strided: set_strides(T * D * H, D * H, 1, H); break;
            case Layout::misaligned: set_strides(T * H * D, H * D, D, 1), offset = 1, elements += 1; break;
        }
        // Poisoned: elements a kernel forgets to write stay NaN.
        storage = std::make_shared<std::vector<E>>(elements, from_double<E>(NAN));
    }

    // The view of slot 0, 1 or 2 (q, k or v) of a packed qkv buffer: same storage, shifted.
    BasicStridedTensor slot(int index) const {
        BasicStridedTensor view = *this;
        view.offset = index * sizes[2] * sizes[3];
        return view;
    }

    void set_strides(int64_t s0, int64_t s1, int64_t s2, int64_t s3) {
        strides[0] = s0, strides[1] = s1, strides[2] = s2, strides[3] = s3;
    }
    E* data() const { return storage->data() + offset; }
    int64_t at(int64_t b, int64_t t, int64_t h, int64_t d) const {
        return offset + b * strides[0] + t * strides[1] + h * strides[2] + d * strides[3];
    }

    // Dense row-major [B, T, H, D] values <-> this layout.
    void assign(const std::vector<double>& dense) const {
        int64_t i = 0;
        for (int64_t b = 0; b < sizes[0]; ++b)
            for (int64_t t = 0; t < sizes[1]; ++t)
                for (int64_t h = 0; h < sizes[2]; ++h)
                    for (int64_t d = 0; d < sizes[3]; ++d) (*storage)[at(b, t, h, d)] = from_double<E>(dense[i++]);
    }
    std::vector<double> dense() const {
        std::vector<double> values;
        for (int64_t b = 0; b < sizes[0]; ++b)
            for (int64_t t = 0; t < sizes[1]; ++t)
                for (int64_t h = 0; h < sizes[2]; ++h)
                    for (int64_t d = 0; d < sizes[3]; ++d) values.push_back(to_double((*storage)[at(b, t, h, d)]));
        return values;
    }
};

using StridedTensor = BasicStridedTensor<float>;

// Three [B, T, H, D] tensors (q, k, v or their gradients) in one layout; for packed_qkv they
// are views of one buffer.
template <typename E>
struct BasicTriple {
    BasicStridedTensor<E> q, k, v;
};
using Triple = BasicTriple<float>;

template <typename E = float>
BasicTriple<E> make_triple(int64_t B, int64_t T, int64_t H, int64_t D, Layout layout) {
    using Tensor = BasicStridedTensor<E>;
    if (layout == Layout::packed_qkv) {
        const Tensor packed(B, T, H, D, layout);
        return {packed.slot(0), packed.slot(1), packed.slot(2)};
    }
    return {Tensor(B, T, H, D, layout), Tensor(B, T, H, D, layout), Tensor(B, T, H, D, layout)};
}

// Uniform values in [-range, range], rounded to float so the float64 oracle sees exactly the
// inputs the float32 kernel sees.
inline std::vector<double> random_values(int64_t count, double range, std::mt19937_64& rng) {
    std::uniform_real_distribution<double> uniform(-range, range);
    std::vector<double> values(count);
    for (double& x : values) x = static_cast<float>(uniform(rng));
    return values;
}

// max |got - want| / max |want| (0 when both are zero); NaN if got has a NaN.
inline double relative_error(const std::vector<double>& got, const std::vector<double>& want) {
    double max_error = 0, max_want = 0;
    for (size_t i = 0; i < want.size(); ++i) {
        if (std::isnan(got[i])) return NAN;
        max_error = std::fmax(max_error, std::fabs(got[i] - want[i]));
        max_want = std::fmax(max_want, std::fabs(want[i]));
    }
    return max_want == 0 ? max_error : max_error / max_want;
}

// sqrt(sum (got - want)^2 / sum want^2) (0 when both are zero); NaN if got has a NaN.
inline double rms_relative_error(const std::vector<double>& got, const std::vector<double>& want) {
    double squared_error = 0, squared_want = 0;
    for (size_t i = 0; i < want.size(); ++i) {
        if (std::isnan(got[i])) return NAN;
        squared_error += (got[i] - want[i]) * (got[i] - want[i]);
        squared_want += want[i] * want[i];
    }
    return squared_want == 0 ? std::sqrt(squared_error / static_cast<double>(want.size()))
                             : std::sqrt(squared_error / squared_want);
}

// An output's error against the float64 reference on the exact inputs, and its bound.
struct Accuracy {
    double error, bound;
};

// DESIGN.md 8 for an output of a call in element type T:
//  - float32: relative_error (max over the tensor, relative to its largest value) <= 1e-5;
//  - bfloat16: rms_relative_error <= 2x that of the reference computed in bfloat16, taken from
//    below: the float64 reference on the bf16-rounded inputs (`from_rounded_inputs`), its
//    output rounded to bf16 unless the output is float32 (lse, mean, rstd, loss). A real bf16
//    composition also rounds its intermediates and errs more, so the bound is at least as
//    strict as DESIGN's. RMS rather than max because a kernel that rounds P or dS to bf16 (the
//    amx level) adds errors that average like the floor's but whose largest element on a small
//    tensor is noisy (up to 0.96x a max-based bound in a 40-case sweep, against 0.67x RMS); a
//    wrong row or element still shows in the RMS by orders of magnitude. Never below 1e-5: an
//    output the reference gets exactly (all zeros, say) still leaves the kernel float32 rounding.
template <typename T>
Accuracy accuracy(const std::vector<double>& got, const std::vector<double>& want,
                  const std::vector<double>& from_rounded_inputs, bool rounded_output = true) {
    constexpr double kFloat32Tolerance = 1e-5;
    if (kDtype<T> == LF_DTYPE_FLOAT32) return {relative_error(got, want), kFloat32Tolerance};
    const double floor =
        rms_relative_error(rounded_output ? rounded<T>(from_rounded_inputs) : from_rounded_inputs, want);
    return {rms_relative_error(got, want), std::fmax(kFloat32Tolerance, 2.0 * floor)};
}

}  // namespace lf_test
