/*
 * logoformer.h: the public C ABI of the logoformer native library.
 *
 * Fused kernels for spatio-temporal video transformers (LOGO-Former, STT). The ABI is plain
 * C99 so that any FFI can bind it (JavaCPP, jextract/FFM, ctypes, C, C++):
 *   - every name starts with lf_ / LF_;
 *   - only fixed-width integers, float, pointers and enums with pinned values;
 *   - every function returns an lf_status (0 = LF_OK) except the three informational calls;
 *   - on failure, lf_last_error_message() (thread-local) says which argument broke which rule;
 *   - no function aborts or throws on bad input.
 *
 * Tensors are passed as a data pointer plus int64 strides counted in elements (not bytes),
 * so callers can hand over views (for example q, k and v as slices of one packed qkv
 * projection) without copies. Token tensors are heads-last: [B, T, heads, D] with
 * T = G + F*H*W: G leading global tokens (CLS), then the F x H x W grid in (t, y, x)
 * row-major order.
 *
 * Threads: CPU kernels use OpenMP and respect omp_set_num_threads (LibTorch's
 * torch::set_num_threads sets the same runtime when both share it). The library keeps no
 * global mutable state besides the thread-local error message, so calls from several threads
 * at once are safe.
 */
#ifndef LOGOFORMER_H
#define LOGOFORMER_H

#include <stdint.h>

#if defined(_WIN32)
#  define LF_API __declspec(dllexport)
#elif defined(__GNUC__)
#  define LF_API __attribute__((visibility("default")))
#else
#  define LF_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define LF_VERSION_MAJOR 0
#define LF_VERSION_MINOR 1
#define LF_VERSION_PATCH 0
/* MAJOR * 10000 + MINOR * 100 + PATCH; compare with lf_version() at run time. */
#define LF_VERSION_NUMBER (LF_VERSION_MAJOR * 10000 + LF_VERSION_MINOR * 100 + LF_VERSION_PATCH)

/* Status codes. Values are pinned: they are part of the ABI. */
typedef enum lf_status {
    LF_OK = 0,
    LF_ERROR_NULL_POINTER = 1,     /* a required pointer argument was NULL */
    LF_ERROR_INVALID_ARGUMENT = 2, /* a size, stride or option broke its rule */
    LF_ERROR_UNSUPPORTED = 3,      /* valid request this build or device cannot serve */
    LF_ERROR_OVERFLOW = 4,         /* an element offset would not fit in int64 */
    LF_ERROR_OUT_OF_MEMORY = 5,    /* a workspace allocation failed */
    LF_ERROR_DEVICE = 6,           /* a CUDA call or launch failed */
    LF_ERROR_INTERNAL = 7          /* a bug in this library: please report it */
} lf_status;

/* Where the tensors live. Pinned values. */
typedef enum lf_device {
    LF_DEVICE_CPU = 0,
    LF_DEVICE_CUDA = 1
} lf_device;

/* Element type of the floating-point tensors of a call. Pinned values.
 * Softmax statistics (log-sum-exp) are always float32. */
typedef enum lf_dtype {
    LF_DTYPE_FLOAT32 = 0,
    LF_DTYPE_BFLOAT16 = 1,
    LF_DTYPE_FLOAT16 = 2
} lf_dtype;

/* @return the run-time version, LF_VERSION_NUMBER of the library that was loaded. */
LF_API int32_t lf_version(void);

/* @return a static, human-readable name for a status code ("LF_OK", ...); never NULL. */
LF_API const char* lf_status_string(int32_t status);

/* @return the message of the last failed call on this thread (empty string if none); never
 * NULL. Valid until the next call into the library on the same thread. */
LF_API const char* lf_last_error_message(void);

/* @return a static one-line description of the build, e.g.
 * "logoformer 0.1.0; cpu: avx512 (runtime-selected from avx512,avx2,generic); openmp: yes;
 *  cuda: no". Never NULL. */
LF_API const char* lf_build_info(void);

/* @return the SIMD level the CPU kernels use on this machine: "avx512", "avx2" or
 * "generic". Chosen once from the running CPU's features; never NULL. */
LF_API const char* lf_cpu_simd_level(void);

/* @return 1 if this build has CUDA kernels and a usable GPU is present, else 0. A machine
 * without a driver answers 0; that is not an error. */
LF_API int32_t lf_cuda_available(void);

/*
 * Window attention, forward.
 *
 * Each grid query attends to the keys of its own window of win_f x win_h x win_w grid tokens
 * (non-overlapping windows tiling the F x H x W grid), plus the G leading global tokens as
 * extra keys. The G global-token rows are not queries: their rows of `out` are written as
 * zeros. Per row: out = softmax(scale * q k^T) v with an fp32 max-subtracted softmax.
 *
 * Sizes: batch B, heads, head_dim D, grid_f/grid_h/grid_w = F/H/W, globals = G >= 0,
 *   win_f/win_h/win_w dividing F/H/W. All sizes except G must be >= 1.
 * Tensors, dims [B, T, heads, D] with T = G + F*H*W, strides in elements (4 values each,
 *   >= 0; stride 0 allowed for inputs, outputs must not overlap themselves):
 *   q, k, v  (inputs)  and  out (output).
 * lse: output, float32, contiguous [B, heads, F*H*W]: the natural-log sum of exp of the
 *   scaled scores of each grid query (the softmax statistic the backward needs).
 * scale: multiplies q k^T; finite. Callers usually pass 1/sqrt(D).
 * device/stream: LF_DEVICE_CPU (stream must be NULL) or LF_DEVICE_CUDA (cudaStream_t, NULL =
 *   default stream). dtype: LF_DTYPE_FLOAT32 on the CPU.
 *
 * @return LF_OK; LF_ERROR_NULL_POINTER (a tensor pointer or stride array is NULL);
 *   LF_ERROR_INVALID_ARGUMENT (a size < 1, G < 0, a window not dividing the grid, a negative
 *   stride, an output that overlaps itself, a non-finite scale, an unknown device or dtype);
 *   LF_ERROR_UNSUPPORTED (dtype or device not built or not available);
 *   LF_ERROR_OVERFLOW (an element offset exceeds int64); LF_ERROR_OUT_OF_MEMORY.
 */
LF_API lf_status lf_window_attention_fwd(
    int32_t device, void* stream, int32_t dtype,
    int64_t batch, int64_t heads, int64_t head_dim,
    int64_t grid_f, int64_t grid_h, int64_t grid_w, int64_t globals,
    int64_t win_f, int64_t win_h, int64_t win_w,
    float scale,
    const void* q, const int64_t* q_strides,
    const void* k, const int64_t* k_strides,
    const void* v, const int64_t* v_strides,
    void* out, const int64_t* out_strides,
    float* lse);

/*
 * Window attention, backward.
 *
 * Given the forward's inputs, its `out` and `lse`, and the gradient d_out of the loss with
 * respect to out, writes the gradients d_q, d_k, d_v (same dims [B, T, heads, D], own
 * strides). Rows of d_out for the G global tokens are ignored (they were not queries); d_q's
 * G global rows are zero; d_k and d_v's global rows collect the contributions of every window
 * (summed in a fixed order: the result is deterministic).
 *
 * Sizes, strides, scale, device, stream and dtype: as lf_window_attention_fwd. d_out may have
 * stride 0 dims (an expanded gradient); d_q, d_k, d_v must not overlap themselves.
 *
 * @return as lf_window_attention_fwd.
 */
LF_API lf_status lf_window_attention_bwd(
    int32_t device, void* stream, int32_t dtype,
    int64_t batch, int64_t heads, int64_t head_dim,
    int64_t grid_f, int64_t grid_h, int64_t grid_w, int64_t globals,
    int64_t win_f, int64_t win_h, int64_t win_w,
    float scale,
    const void* q, const int64_t* q_strides,
    const void* k, const int64_t* k_strides,
    const void* v, const int64_t* v_strides,
    const void* out, const int64_t* out_strides,
    const float* lse,
    const void* d_out, const int64_t* d_out_strides,
    void* d_q, const int64_t* d_q_strides,
    void* d_k, const int64_t* d_k_strides,
    void* d_v, const int64_t* d_v_strides);

/*
 * Cross (global) attention, forward.
 *
 * Dense attention of Nq queries over Nk keys/values of the same batch and head: LOGO-Former's
 * global attention, where every token (CLS and grid) attends to the pooled tokens of
 * lf_global_tokens_fwd plus CLS as one extra key (the caller stacks those Nk key rows).
 * Per query row: out = softmax(scale * q k^T) v, fp32 max-subtracted softmax.
 *
 * Sizes: batch B, heads, head_dim D, queries Nq, keys Nk; all >= 1.
 * Tensors, heads-last with 4 element strides each (>= 0; outputs must not overlap themselves):
 *   q [B, Nq, heads, D] (input), k and v [B, Nk, heads, D] (inputs), out [B, Nq, heads, D].
 * lse: output, float32, contiguous [B, heads, Nq]: log-sum-exp of each query's scaled scores.
 * scale, device, stream, dtype: as lf_window_attention_fwd.
 *
 * @return LF_OK; LF_ERROR_NULL_POINTER; LF_ERROR_INVALID_ARGUMENT (a size < 1, a negative
 *   stride, an output overlapping itself, a non-finite scale, unknown device/dtype);
 *   LF_ERROR_UNSUPPORTED; LF_ERROR_OVERFLOW; LF_ERROR_OUT_OF_MEMORY.
 */
LF_API lf_status lf_cross_attention_fwd(
    int32_t device, void* stream, int32_t dtype,
    int64_t batch, int64_t heads, int64_t head_dim, int64_t queries, int64_t keys,
    float scale,
    const void* q, const int64_t* q_strides,
    const void* k, const int64_t* k_strides,
    const void* v, const int64_t* v_strides,
    void* out, const int64_t* out_strides,
    float* lse);

/*
 * Cross (global) attention, backward: from the forward's inputs, out, lse and d_out
 * [B, Nq, heads, D], writes d_q [B, Nq, heads, D], d_k and d_v [B, Nk, heads, D]. The keys'
 * gradients are summed over query blocks in a fixed order: the result is deterministic.
 * Arguments and errors as lf_cross_attention_fwd; d_out may broadcast (stride 0).
 */
LF_API lf_status lf_cross_attention_bwd(
    int32_t device, void* stream, int32_t dtype,
    int64_t batch, int64_t heads, int64_t head_dim, int64_t queries, int64_t keys,
    float scale,
    const void* q, const int64_t* q_strides,
    const void* k, const int64_t* k_strides,
    const void* v, const int64_t* v_strides,
    const void* out, const int64_t* out_strides,
    const float* lse,
    const void* d_out, const int64_t* d_out_strides,
    void* d_q, const int64_t* d_q_strides,
    void* d_k, const int64_t* d_k_strides,
    void* d_v, const int64_t* d_v_strides);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* LOGOFORMER_H */
