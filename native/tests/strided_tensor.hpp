// Float32 [B, T, heads, D] test tensors stored in the layouts callers really pass: dense,
// q/k/v slices of one packed qkv buffer, heads-major, head-dim-strided (D not unit), and dense
// views one element into their storage (a narrowed tensor: rows not 16-byte aligned).
#pragma once

#include <cmath>
#include <cstdint>
#include <memory>
#include <random>
#include <vector>

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

struct StridedTensor {
    std::shared_ptr<std::vector<float>> storage;  // shared by the q/k/v views of a packed buffer
    int64_t offset = 0;
    int64_t strides[4] = {0, 0, 0, 0};
    int64_t sizes[4] = {0, 0, 0, 0};

    StridedTensor(int64_t B, int64_t T, int64_t H, int64_t D, Layout layout) : sizes{B, T, H, D} {
        int64_t elements = B * T * H * D;
        switch (layout) {
            case Layout::dense: set_strides(T * H * D, H * D, D, 1); break;
            case Layout::packed_qkv: set_strides(T * 3 * H * D, 3 * H * D, D, 1), elements *= 3; break;
            case Layout::heads_major: set_strides(H * T * D, D, T * D, 1); break;
            case Layout::head_dim_strided: set_strides(T * D * H, D * H, 1, H); break;
            case Layout::misaligned: set_strides(T * H * D, H * D, D, 1), offset = 1, elements += 1; break;
        }
        // Poisoned: elements a kernel forgets to write stay NaN.
        storage = std::make_shared<std::vector<float>>(elements, NAN);
    }

    // The view of slot 0, 1 or 2 (q, k or v) of a packed qkv buffer: same storage, shifted.
    StridedTensor slot(int index) const {
        StridedTensor view = *this;
        view.offset = index * sizes[2] * sizes[3];
        return view;
    }

    void set_strides(int64_t s0, int64_t s1, int64_t s2, int64_t s3) {
        strides[0] = s0, strides[1] = s1, strides[2] = s2, strides[3] = s3;
    }
    float* data() const { return storage->data() + offset; }
    int64_t at(int64_t b, int64_t t, int64_t h, int64_t d) const {
        return offset + b * strides[0] + t * strides[1] + h * strides[2] + d * strides[3];
    }

    // Dense row-major [B, T, H, D] values <-> this layout.
    void assign(const std::vector<double>& dense) const {
        int64_t i = 0;
        for (int64_t b = 0; b < sizes[0]; ++b)
            for (int64_t t = 0; t < sizes[1]; ++t)
                for (int64_t h = 0; h < sizes[2]; ++h)
                    for (int64_t d = 0; d < sizes[3]; ++d) (*storage)[at(b, t, h, d)] = static_cast<float>(dense[i++]);
    }
    std::vector<double> dense() const {
        std::vector<double> values;
        for (int64_t b = 0; b < sizes[0]; ++b)
            for (int64_t t = 0; t < sizes[1]; ++t)
                for (int64_t h = 0; h < sizes[2]; ++h)
                    for (int64_t d = 0; d < sizes[3]; ++d) values.push_back((*storage)[at(b, t, h, d)]);
        return values;
    }
};

// Three [B, T, H, D] tensors (q, k, v or their gradients) in one layout; for packed_qkv they
// are views of one buffer.
struct Triple {
    StridedTensor q, k, v;
};

inline Triple make_triple(int64_t B, int64_t T, int64_t H, int64_t D, Layout layout) {
    if (layout == Layout::packed_qkv) {
        const StridedTensor packed(B, T, H, D, layout);
        return {packed.slot(0), packed.slot(1), packed.slot(2)};
    }
    return {StridedTensor(B, T, H, D, layout), StridedTensor(B, T, H, D, layout), StridedTensor(B, T, H, D, layout)};
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

}  // namespace lf_test
