/*
 * logoformer.h: the public C ABI of the logoformer native library.
 *
 * Fused kernels for spatio-temporal video transformers (LOGO-Former, STT). The ABI is plain
 * C99 so that any FFI can bind it (JavaCPP, jextract/FFM, ctypes, C, C++):
 *   - every name starts with lf_ / LF_;
 *   - only fixed-width integers, float, pointers and enums with pinned values;
 *   - every function returns an lf_status (0 = LF_OK) except the six informational calls
 *     (lf_version, lf_status_string, lf_last_error_message, lf_build_info, lf_cpu_simd_level,
 *     lf_cuda_available), which return their answer and cannot fail;
 *   - on failure, lf_last_error_message() (thread-local) says which argument broke which rule;
 *   - no function aborts or throws on bad input it can check: every rule this header states.
 *     The library cannot know how large the caller's buffers are: each pointer must address
 *     the whole extent its sizes and strides describe, or the call reads or writes outside it.
 *
 * Tensors are passed as a data pointer plus int64 strides counted in elements (not bytes),
 * so callers can hand over views (for example q, k and v as slices of one packed qkv
 * projection) without copies. Token tensors are heads-last: [B, T, heads, D]. The bytes a
 * tensor spans, from its data pointer to the end of its element at the largest offset, must
 * neither wrap around the address space nor reach 2^56 (no 64-bit Linux process has memory
 * there): LF_ERROR_OVERFLOW otherwise.
 *
 * Words, each for one thing:
 *   grid tokens     the F x H x W tokens of a clip's feature grid, in (t, y, x) row-major order;
 *   leading tokens  G >= 0 CLS-like tokens stored before the grid tokens (G = 1: one CLS token),
 *                   so a token tensor holds T = G + F*H*W tokens;
 *   pooled tokens   the M tokens lf_global_tokens_fwd pools from the grid tokens (LOGO-Former);
 *   cross attention lf_cross_attention_*: dense attention of Nq queries over Nk separate keys.
 *                   LOGO-Former's global attention is cross attention of all T tokens over
 *                   [CLS, pooled tokens]; STT's CLS update is cross attention of the CLS query
 *                   over all T tokens.
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
#define LF_VERSION_MINOR 2
#define LF_VERSION_PATCH 0
/* MAJOR * 10000 + MINOR * 100 + PATCH; compare with lf_version() at run time. */
#define LF_VERSION_NUMBER (LF_VERSION_MAJOR * 10000 + LF_VERSION_MINOR * 100 + LF_VERSION_PATCH)

/* Status codes. Values are pinned: they are part of the ABI. */
typedef enum lf_status {
    LF_OK = 0,
    LF_ERROR_NULL_POINTER = 1,     /* a required pointer argument was NULL */
    LF_ERROR_INVALID_ARGUMENT = 2, /* a size, stride or option broke its rule */
    LF_ERROR_UNSUPPORTED = 3,      /* valid request this build or device cannot serve */
    LF_ERROR_OVERFLOW = 4,         /* an element offset would not fit in int64, or a tensor's
                                      bytes would pass the end of the address space */
    LF_ERROR_OUT_OF_MEMORY = 5,    /* a workspace allocation failed */
    LF_ERROR_DEVICE = 6,           /* a CUDA call or launch failed */
    LF_ERROR_INTERNAL = 7          /* a bug in this library: please report it */
} lf_status;

/* Where the tensors live. Pinned values. */
typedef enum lf_device {
    LF_DEVICE_CPU = 0,
    LF_DEVICE_CUDA = 1
} lf_device;

/* Element type of the floating-point tensors of a call (every token, parameter and gradient
 * tensor of it). Pinned values. Softmax statistics (lse), LayerNorm statistics (mean, rstd)
 * and the loss are always float32, and all sums, softmax and log-sum-exp run in float32.
 * LF_DEVICE_CPU takes LF_DTYPE_FLOAT32 and LF_DTYPE_BFLOAT16 for every op (float16:
 * LF_ERROR_UNSUPPORTED); LF_DEVICE_CUDA takes all three. */
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
 * "logoformer 0.2.0; cpu: amx (runtime-selected from generic,avx2,avx512,avx512bf16,amx);
 *  openmp: yes; cuda: no"; with a refused LF_CPU_SIMD (see lf_cpu_simd_level) the cpu part reads
 * "cpu: refused (<message>) (compiled: generic,avx2,avx512,avx512bf16,amx)". Never NULL. */
LF_API const char* lf_build_info(void);

/* @return the SIMD level the CPU kernels use on this machine, lowest first: "generic" (portable
 * 128-bit vectors), "avx2" (AVX2 + FMA), "avx512" (AVX-512 F/VL/BW/DQ), "avx512bf16" (avx512
 * plus AVX512-BF16, whose vdpbf16ps bfloat16 window attention uses for its matrix products) or
 * "amx" (avx512bf16 plus AMX-BF16 tiles for those products; chosen only where Linux grants the
 * process the tile state). Every level runs every op in both CPU dtypes; below avx512bf16, and
 * for every op but window attention, bfloat16 is widened to float32 while packing. Chosen once
 * per process: the best level compiled in that the running CPU supports, or the one the
 * environment variable LF_CPU_SIMD names (read once; unset or empty: the best), which must be a
 * compiled level not above the CPU's. Any other value is refused: this returns
 * "refused (<message>)", and every call on LF_DEVICE_CPU with otherwise valid arguments fails
 * with LF_ERROR_INVALID_ARGUMENT and that message, e.g. "LF_CPU_SIMD: expected one of generic,
 * avx2, avx512, avx512bf16, amx not above what this CPU supports (avx2), got 'avx512'". Calls on
 * LF_DEVICE_CUDA do not read LF_CPU_SIMD. Never NULL. */
LF_API const char* lf_cpu_simd_level(void);

/* @return 1 if this build has CUDA kernels and a usable GPU is present, else 0. A machine
 * without a driver answers 0; that is not an error. */
LF_API int32_t lf_cuda_available(void);

/*
 * Window attention, forward.
 *
 * Each grid query attends to the keys of its own window of win_f x win_h x win_w grid tokens
 * (non-overlapping windows tiling the F x H x W grid), plus the G leading tokens (CLS) as
 * extra keys. The G leading rows are not queries: their rows of `out` are written as zeros (a
 * model updates CLS through cross attention instead). Per row: out = softmax(scale * q k^T) v
 * with an fp32 max-subtracted softmax.
 *
 * Sizes: batch B, heads, head_dim D, grid_f/grid_h/grid_w = F/H/W, leading_tokens = G >= 0,
 *   win_f/win_h/win_w dividing F/H/W. All sizes except G must be >= 1.
 * Tensors, dims [B, T, heads, D] with T = G + F*H*W, strides in elements (4 values each,
 *   >= 0; stride 0 allowed for inputs, outputs must not overlap themselves):
 *   q, k, v  (inputs)  and  out (output).
 * lse: output, float32, contiguous [B, heads, F*H*W]: the natural-log sum of exp of the
 *   scaled scores of each grid query (the softmax statistic the backward needs).
 * scale: multiplies q k^T; finite. Callers usually pass 1/sqrt(D).
 * device/stream: LF_DEVICE_CPU (stream must be NULL) or LF_DEVICE_CUDA (cudaStream_t, NULL =
 *   default stream; every call is queued on it, without synchronising). dtype (q, k, v, out and
 *   the backward's d_out, d_q, d_k, d_v): LF_DTYPE_FLOAT32 or LF_DTYPE_BFLOAT16 on the CPU;
 *   those or LF_DTYPE_FLOAT16 on CUDA, where every pointer must be GPU memory and
 *   head_dim <= 128. A bfloat16 call computes in float32 (inputs widened exactly, outputs
 *   rounded to nearest even once). On the CPU's avx512bf16 and amx levels (lf_cpu_simd_level)
 *   its matrix products take bfloat16 operands with float32 sums: the probabilities P (and the
 *   backward's dS) are rounded to bfloat16 before their products, as LibTorch's CPU flash
 *   attention does, and bfloat16 denormals (below 1.2e-38) read and written by the kernel count as zero (the
 *   tile and AVX512-BF16 instructions flush them).
 *
 * @return LF_OK; LF_ERROR_NULL_POINTER (a tensor pointer or stride array is NULL);
 *   LF_ERROR_INVALID_ARGUMENT (a size < 1, G < 0, a window not dividing the grid, a negative
 *   stride, an output that overlaps itself, a non-finite scale, an unknown device or dtype, a
 *   host pointer on CUDA); LF_ERROR_UNSUPPORTED (dtype or device not built or not available,
 *   head_dim > 128 on CUDA); LF_ERROR_OVERFLOW (an element offset exceeds int64, or a
 *   tensor's bytes pass the end of the address space);
 *   LF_ERROR_OUT_OF_MEMORY; LF_ERROR_DEVICE (a CUDA error, named in the message).
 */
LF_API lf_status lf_window_attention_fwd(
    int32_t device, void* stream, int32_t dtype,
    int64_t batch, int64_t heads, int64_t head_dim,
    int64_t grid_f, int64_t grid_h, int64_t grid_w, int64_t leading_tokens,
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
 * strides). Rows of d_out for the G leading tokens are ignored (they were not queries); d_q's
 * G leading rows are zero; d_k and d_v's leading rows collect the contributions of every window
 * (summed in a fixed order: the result is deterministic).
 *
 * Sizes, strides, scale, device, stream and dtype: as lf_window_attention_fwd. d_out may have
 * stride 0 dims (an expanded gradient); d_q, d_k, d_v must not overlap themselves. out is
 * validated but the CPU kernel does not read it: a window's tile holds whole softmax rows, so
 * the correction term sum_j P dP comes from the tile instead of FlashAttention's dO . out.
 *
 * @return as lf_window_attention_fwd.
 */
LF_API lf_status lf_window_attention_bwd(
    int32_t device, void* stream, int32_t dtype,
    int64_t batch, int64_t heads, int64_t head_dim,
    int64_t grid_f, int64_t grid_h, int64_t grid_w, int64_t leading_tokens,
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
 * Global tokens, forward: LOGO-Former's pooled tokens.
 *
 * A depthwise 3-D convolution whose kernel equals its stride (pool_f x pool_h x pool_w) over the
 * F x H x W grid of C-channel tokens, plus bias, then LayerNorm over the C channels:
 *   s[b, m, c]   = bias[c] + sum over the cells k of pool m of weight[c, k] * x[b, token(m, k), c]
 *   out[b, m, c] = (s - mean_bm) * rstd_bm * gamma[c] + beta[c],
 *   rstd_bm = 1 / sqrt(biased variance over c + eps).
 * M = (F/pool_f)(H/pool_h)(W/pool_w) pooled tokens, in (t, y, x) row-major order like the grid.
 *
 * Sizes: batch B, channels C, grid_f/grid_h/grid_w, pool_f/pool_h/pool_w dividing the grid; all
 *   >= 1. eps: > 0 and finite (LayerNorm's epsilon, usually 1e-5).
 * x: input [B, F*H*W, C] through 3 element strides (a view that skips leading CLS tokens works).
 * weight: [C, pool_f, pool_h, pool_w] through 4 strides (PyTorch's [C, 1, pf, ph, pw] depthwise
 *   weight without its singleton dim). bias, gamma, beta: [C], each with one element stride.
 * out: output [B, M, C] through 3 strides (must not overlap itself).
 * mean, rstd: outputs, float32, contiguous [B, M]: the LayerNorm statistics the backward needs.
 * device, stream: as lf_window_attention_fwd. dtype: of x, weight, bias, gamma, beta and out
 *   (and of the backward's d_out and gradients), as lf_window_attention_fwd; the convolution
 *   sums and LayerNorm moments are float32.
 *
 * @return LF_OK; LF_ERROR_NULL_POINTER; LF_ERROR_INVALID_ARGUMENT (a size < 1, a pool size not
 *   dividing the grid, eps not > 0 or not finite, a negative stride, an output overlapping
 *   itself, unknown device/dtype); LF_ERROR_UNSUPPORTED; LF_ERROR_OVERFLOW;
 *   LF_ERROR_OUT_OF_MEMORY.
 */
LF_API lf_status lf_global_tokens_fwd(
    int32_t device, void* stream, int32_t dtype,
    int64_t batch, int64_t channels,
    int64_t grid_f, int64_t grid_h, int64_t grid_w,
    int64_t pool_f, int64_t pool_h, int64_t pool_w,
    float eps,
    const void* x, const int64_t* x_strides,
    const void* weight, const int64_t* weight_strides,
    const void* bias, int64_t bias_stride,
    const void* gamma, int64_t gamma_stride,
    const void* beta, int64_t beta_stride,
    void* out, const int64_t* out_strides,
    float* mean, float* rstd);

/*
 * Global tokens, backward: from the forward's inputs (beta is not needed), its mean and rstd,
 * and d_out [B, M, C], writes d_x [B, F*H*W, C], d_weight [C, pool_f, pool_h, pool_w] and
 * d_bias, d_gamma, d_beta [C] (outputs, own strides, must not overlap themselves). The
 * convolution is recomputed, not saved. Parameter gradients sum the pooled tokens in a fixed
 * order: the result is deterministic. Arguments and errors as lf_global_tokens_fwd.
 */
LF_API lf_status lf_global_tokens_bwd(
    int32_t device, void* stream, int32_t dtype,
    int64_t batch, int64_t channels,
    int64_t grid_f, int64_t grid_h, int64_t grid_w,
    int64_t pool_f, int64_t pool_h, int64_t pool_w,
    float eps,
    const void* x, const int64_t* x_strides,
    const void* weight, const int64_t* weight_strides,
    const void* bias, int64_t bias_stride,
    const void* gamma, int64_t gamma_stride,
    const float* mean, const float* rstd,
    const void* d_out, const int64_t* d_out_strides,
    void* d_x, const int64_t* d_x_strides,
    void* d_weight, const int64_t* d_weight_strides,
    void* d_bias, int64_t d_bias_stride,
    void* d_gamma, int64_t d_gamma_stride,
    void* d_beta, int64_t d_beta_stride);

/*
 * Cross attention, forward.
 *
 * Dense attention of Nq queries over Nk separate keys/values of the same batch and head. Uses:
 * LOGO-Former's global attention (every token, CLS and grid, attends to CLS plus the pooled
 * tokens of lf_global_tokens_fwd: the caller stacks those Nk key rows) and STT's CLS query
 * (Nq = 1 over all T tokens). Per query row: out = softmax(scale * q k^T) v, fp32
 * max-subtracted softmax.
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
 * Cross attention, backward: from the forward's inputs, out, lse and d_out
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

/* How a per-row loss is reduced over the batch. Pinned values. */
typedef enum lf_reduction {
    LF_REDUCTION_NONE = 0, /* one loss per row */
    LF_REDUCTION_MEAN = 1, /* mean over the batch */
    LF_REDUCTION_SUM = 2   /* sum over the batch */
} lf_reduction;

/*
 * Compact softmax cross-entropy (STT, LOGO-Former), forward, optionally writing the gradient.
 *
 * Per row b with logits z = logits[b, :] and target y = targets[b]:
 *   CE = -log softmax(z)_y;
 *   V = the valid non-target classes {j != y : z_j != -inf}, m = |V|;
 *   p^ = softmax over V only (p^_j = e^z_j / sum_{k in V} e^z_k), u = uniform on V;
 *   R = KL(u || p^) + KL(p^ || u)  (= E_p^[z] - mean_V z; R = 0 when m = 0; always 0 when C = 2);
 *   loss_b = CE + lambda * R.
 * A logit of -inf is a masked class: its probability is 0, it is left out of u (so the compact
 * term stays finite), and its gradient is 0. A target logit of -inf gives loss +inf (as plain
 * cross-entropy does) with a finite gradient. A row whose logits are all -inf, or that holds a
 * NaN or +inf, gives NaN in that row's loss and gradient only. No class weights and no label
 * smoothing: apply per-row weights to the LF_REDUCTION_NONE result.
 * Each row is read once; sums are float32 per row, the batch reduction float64 in row order
 * (the result does not depend on the thread count).
 *
 * Sizes: batch B >= 1, classes C >= 2.
 * lambda: weight of the compact term; finite (the papers use positive values).
 * reduction: an lf_reduction.
 * logits: input [B, C], element strides logits_strides[2] (>= 0; any order, so a transposed or
 *   sliced view is read without a copy).
 * targets: int64 [B] class indices in [0, C), element stride targets_stride >= 0.
 * loss: output float32: B contiguous values for LF_REDUCTION_NONE, else one value; its bytes
 *   must not intersect those of logits or grad_logits.
 * grad_logits: NULL, or output [B, C] with strides grad_logits_strides[2] (must not overlap
 *   itself; its bytes, first to last, must not intersect those of logits): d(loss)/d(logits) for a unit upstream gradient, reduction included
 *   (1/B per row for the mean). Multiply row b by the upstream gradient of loss_b (or all rows
 *   by the scalar's) to back-propagate; there is no separate backward entry point.
 * device/stream: LF_DEVICE_CPU with a NULL stream, or LF_DEVICE_CUDA (cudaStream_t, NULL =
 *   default stream; every pointer is GPU memory). dtype (logits and grad_logits):
 *   LF_DTYPE_FLOAT32 or LF_DTYPE_BFLOAT16 on both devices, LF_DTYPE_FLOAT16 on CUDA; the sums
 *   are float32 whatever the dtype, and loss is float32 on both devices.
 *   On CUDA the kernel checks the targets: one outside [0, C) gives NaN in its row's loss and
 *   gradient (and in a reduced loss) instead of an error status, which would need a device
 *   synchronisation; nothing is read out of bounds.
 *
 * @return LF_OK; LF_ERROR_NULL_POINTER (logits, logits_strides, targets or loss is NULL, or
 *   grad_logits_strides is NULL with a non-NULL grad_logits); LF_ERROR_INVALID_ARGUMENT
 *   (B < 1, C < 2, a non-finite lambda, an unknown reduction, a negative stride, a
 *   grad_logits that overlaps itself, grad_logits or loss intersecting logits or each other, a target outside [0, C) - the message names the row and
 *   the value -, an unknown device or dtype, a non-NULL stream on the CPU, a host pointer on
 *   CUDA); LF_ERROR_UNSUPPORTED (CUDA not built or no usable GPU, float16 on the CPU); LF_ERROR_DEVICE
 *   (a CUDA error, named in the message); LF_ERROR_OVERFLOW (B * C or an element offset exceeds int64,
 *   a tensor's bytes pass the end of the address space); LF_ERROR_OUT_OF_MEMORY. On error nothing is written.
 */
LF_API lf_status lf_compact_loss_fwd(
    int32_t device, void* stream, int32_t dtype,
    int64_t batch, int64_t classes,
    float lambda, int32_t reduction,
    const void* logits, const int64_t* logits_strides,
    const int64_t* targets, int64_t targets_stride,
    float* loss,
    void* grad_logits, const int64_t* grad_logits_strides);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* LOGOFORMER_H */
