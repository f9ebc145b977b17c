// Checks that every tensor of a window or cross attention call is GPU memory (both parameter
// sets name their tensors alike). Host code: the entry points call it before picking a dtype.
#pragma once

#include "cuda/common/check.cuh"

namespace lf::cuda::attention {

template <typename Forward>
void check_forward_pointers(const Forward& p) {
    check_device_pointer(p.q.data, "q");
    check_device_pointer(p.k.data, "k");
    check_device_pointer(p.v.data, "v");
    check_device_pointer(p.out.data, "out");
    check_device_pointer(p.lse, "lse");
}

template <typename Backward>
void check_backward_pointers(const Backward& p) {
    check_forward_pointers(p);
    check_device_pointer(p.d_out.data, "d_out");
    check_device_pointer(p.d_q.data, "d_q");
    check_device_pointer(p.d_k.data, "d_k");
    check_device_pointer(p.d_v.data, "d_v");
}

}  // namespace lf::cuda::attention
