// Scratch memory of one thread for one call, 64-byte aligned. Per-ISA sources use this
// instead of std containers so that no standard-library template is instantiated with ISA
// flags (the linker could hand that copy to code running on a CPU without the ISA).
#pragma once

#include <cstddef>
#include <cstdlib>

namespace lf::cpu::LF_ISA_NAMESPACE {

class AlignedBuffer {
public:
    // floats == 0 gives an empty buffer; ok() is false when allocation failed.
    explicit AlignedBuffer(size_t floats) {
        const size_t bytes = (floats * sizeof(float) + 63) / 64 * 64;
        data_ = static_cast<float*>(std::aligned_alloc(64, bytes > 0 ? bytes : 64));
    }
    ~AlignedBuffer() { std::free(data_); }
    AlignedBuffer(const AlignedBuffer&) = delete;
    AlignedBuffer& operator=(const AlignedBuffer&) = delete;

    bool ok() const { return data_ != nullptr; }
    float* data() const { return data_; }

private:
    float* data_;
};

// Hands out consecutive 64-byte aligned slices of one allocation.
class Arena {
public:
    explicit Arena(float* base) : next_(base) {}
    float* take(size_t floats) {
        float* slice = next_;
        next_ += padded(floats);
        return slice;
    }
    static size_t padded(size_t floats) { return (floats + 15) / 16 * 16; }

private:
    float* next_;
};

}  // namespace lf::cpu::LF_ISA_NAMESPACE
