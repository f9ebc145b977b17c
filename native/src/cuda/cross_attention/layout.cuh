// Cross attention as attention groups (see attention/traits.cuh): one group per (batch, head)
// holding all Nq queries and all Nk keys; blocks split the queries (forward, dQ) or the keys
// (dK, dV, each summed over every query in order by one warp).
#pragma once

#include <cstdint>

#include "common/cross_attention.hpp"

namespace lf::cuda {

struct CrossLayout {
    CrossAttentionShape shape;

    struct Group {
        int64_t b, h;
    };

    explicit CrossLayout(const CrossAttentionShape& s) : shape(s) {}

    // Query side.
    __host__ __device__ int64_t groups() const { return shape.batch * shape.heads; }
    __host__ __device__ int64_t queries() const { return shape.queries; }
    __host__ __device__ int64_t keys() const { return shape.keys; }
    __device__ Group group(int64_t index) const { return {index / shape.heads, index % shape.heads}; }
    __device__ int64_t query_token(const Group&, int64_t i) const { return i; }
    __device__ int64_t key_token(const Group&, int64_t j) const { return j; }
    __device__ int64_t lse_row(const Group& g, int64_t token) const {
        return (g.b * shape.heads + g.h) * shape.queries + token;
    }

    // Key side.
    __host__ __device__ int64_t key_groups() const { return groups(); }
    __host__ __device__ int64_t max_key_rows() const { return shape.keys; }
    __device__ Group key_group(int64_t index) const { return group(index); }
    __device__ int64_t key_rows(const Group&) const { return shape.keys; }
    __device__ int64_t query_rows(const Group&) const { return shape.queries; }
    __device__ int64_t key_row_token(const Group&, int64_t i) const { return i; }
    __device__ int64_t query_row_token(const Group&, int64_t j) const { return j; }
};

}  // namespace lf::cuda
