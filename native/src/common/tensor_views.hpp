// Strided views of the tensors the ops read and write, with the element type left open. The C
// entry points build them untyped (const void / void: the call's dtype says what the memory
// holds) into the params structs both backends take; each kernel types them at its entry with
// typed<E>(view): typed<float>(TokensView<const void>) is a TokensView<const float>,
// typed<float>(TokensView<void>) a TokensView<float>. Strides count elements, not bytes.
#pragma once

#include <cstdint>

#include "common/host_device.hpp"

namespace lf {

// A heads-last token tensor [B, T, heads, D].
template <typename T>
struct TokensView {
    T* data;
    int64_t stride[4];  // B, T, heads, D

    LF_HOST_DEVICE LF_INLINE T* row(int64_t b, int64_t t, int64_t h) const {
        return data + b * stride[0] + t * stride[1] + h * stride[2];
    }
    LF_HOST_DEVICE LF_INLINE int64_t d_stride() const { return stride[3]; }
    template <typename U>
    LF_HOST_DEVICE LF_INLINE TokensView<U> as() const {
        return {static_cast<U*>(data), {stride[0], stride[1], stride[2], stride[3]}};
    }
};

// A [B, rows, C] tensor: tokens by channels.
template <typename T>
struct ChannelsView {
    T* data;
    int64_t batch_stride, row_stride, channel_stride;

    LF_HOST_DEVICE LF_INLINE T* row(int64_t b, int64_t r) const { return data + b * batch_stride + r * row_stride; }
    // auto&: deduced only when called, so ChannelsView<void> declares no void&.
    LF_HOST_DEVICE LF_INLINE auto& at(int64_t b, int64_t r, int64_t c) const { return row(b, r)[c * channel_stride]; }
    template <typename U>
    LF_HOST_DEVICE LF_INLINE ChannelsView<U> as() const {
        return {static_cast<U*>(data), batch_stride, row_stride, channel_stride};
    }
};

// A per-channel vector [C].
template <typename T>
struct VectorView {
    T* data;
    int64_t stride;

    LF_HOST_DEVICE LF_INLINE auto& operator[](int64_t c) const { return data[c * stride]; }
    template <typename U>
    LF_HOST_DEVICE LF_INLINE VectorView<U> as() const {
        return {static_cast<U*>(data), stride};
    }
};

// The view of an untyped input (const void) or output (void) with element type E.
template <typename E, template <typename> class View>
LF_HOST_DEVICE LF_INLINE View<const E> typed(const View<const void>& view) {
    return view.template as<const E>();
}
template <typename E, template <typename> class View>
LF_HOST_DEVICE LF_INLINE View<E> typed(const View<void>& view) {
    return view.template as<E>();
}

}  // namespace lf
