// Checks a heads-last token tensor argument [B, T, heads, D] of a C entry point and wraps it
// for the kernels. Inputs may broadcast (stride 0); outputs must not overlap themselves.
// Element: float for the CPU kernels; void on the CUDA path, where the call's dtype says what
// the (device) pointer holds.
#pragma once

#include <cstdint>

#include "common/checks.hpp"
#include "cpu/tokens_view.hpp"

namespace lf {

struct TokenSizes {
    int64_t batch, tokens, heads, head_dim;
};

template <typename Element = float>
cpu::TokensView<const Element> input_tokens(const void* data, const char* name, const int64_t* strides,
                                            const char* strides_name, const TokenSizes& sizes) {
    check::not_null(data, name);
    check::not_null(strides, strides_name);
    const int64_t dims[4] = {sizes.batch, sizes.tokens, sizes.heads, sizes.head_dim};
    check::valid_strides(check::Strided{name, 4, dims, strides});
    return {static_cast<const Element*>(data), {strides[0], strides[1], strides[2], strides[3]}};
}

template <typename Element = float>
cpu::TokensView<Element> output_tokens(void* data, const char* name, const int64_t* strides,
                                       const char* strides_name, const TokenSizes& sizes) {
    check::not_null(data, name);
    check::not_null(strides, strides_name);
    const int64_t dims[4] = {sizes.batch, sizes.tokens, sizes.heads, sizes.head_dim};
    check::non_overlapping(check::Strided{name, 4, dims, strides});
    return {static_cast<Element*>(data), {strides[0], strides[1], strides[2], strides[3]}};
}

}  // namespace lf
