// From the entry points' untyped views (element type = the call's dtype) to typed device
// views, deciding once on the host whether rows can be read as 16-byte vectors.
#pragma once

#include <cstdint>
#include <type_traits>

#include "common/tensor_views.hpp"
#include "cuda/common/dtype.cuh"

namespace lf::cuda {

template <typename T, typename Untyped>
DeviceTokens<T> device_tokens(const TokensView<Untyped>& x, int64_t head_dim) {
    using Element = typename std::remove_const<T>::type;
    constexpr int64_t V = kVectorElements<Element>;
    const bool vectorized = x.stride[3] == 1 && head_dim % V == 0 && x.stride[0] % V == 0 && x.stride[1] % V == 0 &&
                            x.stride[2] % V == 0 && reinterpret_cast<uintptr_t>(x.data) % 16 == 0;
    return {x.template as<T>(), vectorized};
}

}  // namespace lf::cuda
