// Cross attention as attention groups (see attention/traits.cuh): one group per (batch, head)
// holding all Nq queries and all Nk keys; blocks split the queries (forward, dQ) or the keys
// (dK, dV, each summed over every query in order by one warp).
#pragma once

#include <cstdint>

#include "cpu/cross_attention/params.hpp"

namespace lf::cuda {

struct CrossLayout {
    int64_t batch, heads, query_count, key_count;

    struct Group {
        int64_t b, h;
    };

    explicit CrossLayout(const cpu::CrossAttentionShape& s)
        : batch(s.batch), heads(s.heads), query_count(s.queries), key_count(s.keys) {}

    // Query side.
    __host__ __device__ int64_t groups() const { return batch * heads; }
    __host__ __device__ int64_t queries() const { return query_count; }
    __host__ __device__ int64_t keys() const { return key_count; }
    __device__ Group group(int64_t index) const { return {index / heads, index % heads}; }
    __device__ int64_t query_token(const Group&, int64_t i) const { return i; }
    __device__ int64_t key_token(const Group&, int64_t j) const { return j; }
    __device__ int64_t lse_row(const Group& g, int64_t token) const { return (g.b * heads + g.h) * query_count + token; }

    // Key side.
    __host__ __device__ int64_t key_groups() const { return groups(); }
    __host__ __device__ int64_t max_key_rows() const { return key_count; }
    __device__ Group key_group(int64_t index) const { return group(index); }
    __device__ int64_t key_rows(const Group&) const { return key_count; }
    __device__ int64_t query_rows(const Group&) const { return query_count; }
    __device__ int64_t key_row_token(const Group&, int64_t i) const { return i; }
    __device__ int64_t query_row_token(const Group&, int64_t j) const { return j; }
};

}  // namespace lf::cuda
