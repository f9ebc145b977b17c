// The CUDA-specific arguments of a C call, validated by the entry point: the element type of
// its tensors and the cudaStream_t (as void*, NULL = the default stream) every launch goes to.
#pragma once

#include <cstdint>

namespace lf::cuda {

struct Call {
    int32_t dtype;  // an lf_dtype
    void* stream;
};

}  // namespace lf::cuda
