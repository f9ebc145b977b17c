package io.github.logoformer.panama;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * FFM bindings of {@code native/include/logoformer/logoformer.h}, in the shape jextract generates
 * for a header: per function a lazily linked {@link FunctionDescriptor}, symbol address and downcall
 * {@link MethodHandle} ({@code name$descriptor()}, {@code name$address()}, {@code name$handle()}) and
 * a static invoker with the C parameter names; per enumerator a constant method ({@code LF_OK()}).
 * Descriptors need no library; addresses and handles resolve on first use, so the header check runs
 * without native code.
 *
 * <p>Written to match the header (jextract cannot be obtained where this project builds), checked against the
 * header by {@code BindingsMatchHeaderTest}, which fails when a function, parameter or constant
 * differs. Internal layer: a wrong pointer or size crashes the JVM; the typed ops in this package
 * check their arguments first. Symbols come from {@link LogoformerLibrary#lookup()}.
 */
@SuppressWarnings("unused")
public final class logoformer_h {
    private logoformer_h() {}

    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
    public static final ValueLayout.OfFloat C_FLOAT = ValueLayout.JAVA_FLOAT;
    public static final AddressLayout C_POINTER =
            ValueLayout.ADDRESS.withTargetLayout(MemoryLayout.sequenceLayout(Long.MAX_VALUE, ValueLayout.JAVA_BYTE));

    private static final Linker LINKER = Linker.nativeLinker();

    /**
     * What an invoker throws when the downcall did not run: the library's own load error (not
     * "should not reach here") when the library or a symbol is missing, any other unchecked failure as it is.
     */
    static AssertionError callFailure(Throwable failure) {
        Throwable cause = failure instanceof ExceptionInInitializerError e && e.getCause() != null ? e.getCause() : failure;
        if (cause instanceof NoClassDefFoundError) {
            LogoformerLibrary.lookup();  // a failed first link: throws the library's load error again
        }
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error e) {
            throw e;
        }
        return new AssertionError("should not reach here", failure);
    }

    static MemorySegment findOrThrow(String symbol) {
        SymbolLookup lookup = LogoformerLibrary.lookup();
        return lookup.find(symbol).orElseThrow(() -> new UnsatisfiedLinkError("unresolved symbol: " + symbol));
    }

    // Macros
    public static int LF_VERSION_MAJOR() {
        return 0;
    }

    public static int LF_VERSION_MINOR() {
        return 2;
    }

    public static int LF_VERSION_PATCH() {
        return 0;
    }

    // enum lf_status
    public static int LF_OK() {
        return 0;
    }
    public static int LF_ERROR_NULL_POINTER() {
        return 1;
    }
    public static int LF_ERROR_INVALID_ARGUMENT() {
        return 2;
    }
    public static int LF_ERROR_UNSUPPORTED() {
        return 3;
    }
    public static int LF_ERROR_OVERFLOW() {
        return 4;
    }
    public static int LF_ERROR_OUT_OF_MEMORY() {
        return 5;
    }
    public static int LF_ERROR_DEVICE() {
        return 6;
    }
    public static int LF_ERROR_INTERNAL() {
        return 7;
    }
    // enum lf_device
    public static int LF_DEVICE_CPU() {
        return 0;
    }
    public static int LF_DEVICE_CUDA() {
        return 1;
    }
    // enum lf_dtype
    public static int LF_DTYPE_FLOAT32() {
        return 0;
    }
    public static int LF_DTYPE_BFLOAT16() {
        return 1;
    }
    public static int LF_DTYPE_FLOAT16() {
        return 2;
    }
    // enum lf_reduction
    public static int LF_REDUCTION_NONE() {
        return 0;
    }
    public static int LF_REDUCTION_MEAN() {
        return 1;
    }
    public static int LF_REDUCTION_SUM() {
        return 2;
    }

    private static final class lf_version {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT);

        private static final class Linked {
            static final MemorySegment ADDR = findOrThrow("lf_version");
            static final MethodHandle HANDLE = LINKER.downcallHandle(ADDR, DESC);
        }
    }

    public static FunctionDescriptor lf_version$descriptor() {
        return lf_version.DESC;
    }

    public static MethodHandle lf_version$handle() {
        return lf_version.Linked.HANDLE;
    }

    public static MemorySegment lf_version$address() {
        return lf_version.Linked.ADDR;
    }

    public static int lf_version() {
        try {
            return (int) lf_version.Linked.HANDLE.invokeExact();
        } catch (Throwable ex$) {
            throw callFailure(ex$);
        }
    }
    private static final class lf_status_string {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_INT);

        private static final class Linked {
            static final MemorySegment ADDR = findOrThrow("lf_status_string");
            static final MethodHandle HANDLE = LINKER.downcallHandle(ADDR, DESC);
        }
    }

    public static FunctionDescriptor lf_status_string$descriptor() {
        return lf_status_string.DESC;
    }

    public static MethodHandle lf_status_string$handle() {
        return lf_status_string.Linked.HANDLE;
    }

    public static MemorySegment lf_status_string$address() {
        return lf_status_string.Linked.ADDR;
    }

    public static MemorySegment lf_status_string(int status) {
        try {
            return (MemorySegment) lf_status_string.Linked.HANDLE.invokeExact(status);
        } catch (Throwable ex$) {
            throw callFailure(ex$);
        }
    }
    private static final class lf_last_error_message {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER);

        private static final class Linked {
            static final MemorySegment ADDR = findOrThrow("lf_last_error_message");
            static final MethodHandle HANDLE = LINKER.downcallHandle(ADDR, DESC);
        }
    }

    public static FunctionDescriptor lf_last_error_message$descriptor() {
        return lf_last_error_message.DESC;
    }

    public static MethodHandle lf_last_error_message$handle() {
        return lf_last_error_message.Linked.HANDLE;
    }

    public static MemorySegment lf_last_error_message$address() {
        return lf_last_error_message.Linked.ADDR;
    }

    public static MemorySegment lf_last_error_message() {
        try {
            return (MemorySegment) lf_last_error_message.Linked.HANDLE.invokeExact();
        } catch (Throwable ex$) {
            throw callFailure(ex$);
        }
    }
    private static final class lf_build_info {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER);

        private static final class Linked {
            static final MemorySegment ADDR = findOrThrow("lf_build_info");
            static final MethodHandle HANDLE = LINKER.downcallHandle(ADDR, DESC);
        }
    }

    public static FunctionDescriptor lf_build_info$descriptor() {
        return lf_build_info.DESC;
    }

    public static MethodHandle lf_build_info$handle() {
        return lf_build_info.Linked.HANDLE;
    }

    public static MemorySegment lf_build_info$address() {
        return lf_build_info.Linked.ADDR;
    }

    public static MemorySegment lf_build_info() {
        try {
            return (MemorySegment) lf_build_info.Linked.HANDLE.invokeExact();
        } catch (Throwable ex$) {
            throw callFailure(ex$);
        }
    }
    private static final class lf_cpu_simd_level {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER);

        private static final class Linked {
            static final MemorySegment ADDR = findOrThrow("lf_cpu_simd_level");
            static final MethodHandle HANDLE = LINKER.downcallHandle(ADDR, DESC);
        }
    }

    public static FunctionDescriptor lf_cpu_simd_level$descriptor() {
        return lf_cpu_simd_level.DESC;
    }

    public static MethodHandle lf_cpu_simd_level$handle() {
        return lf_cpu_simd_level.Linked.HANDLE;
    }

    public static MemorySegment lf_cpu_simd_level$address() {
        return lf_cpu_simd_level.Linked.ADDR;
    }

    public static MemorySegment lf_cpu_simd_level() {
        try {
            return (MemorySegment) lf_cpu_simd_level.Linked.HANDLE.invokeExact();
        } catch (Throwable ex$) {
            throw callFailure(ex$);
        }
    }
    private static final class lf_cuda_available {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT);

        private static final class Linked {
            static final MemorySegment ADDR = findOrThrow("lf_cuda_available");
            static final MethodHandle HANDLE = LINKER.downcallHandle(ADDR, DESC);
        }
    }

    public static FunctionDescriptor lf_cuda_available$descriptor() {
        return lf_cuda_available.DESC;
    }

    public static MethodHandle lf_cuda_available$handle() {
        return lf_cuda_available.Linked.HANDLE;
    }

    public static MemorySegment lf_cuda_available$address() {
        return lf_cuda_available.Linked.ADDR;
    }

    public static int lf_cuda_available() {
        try {
            return (int) lf_cuda_available.Linked.HANDLE.invokeExact();
        } catch (Throwable ex$) {
            throw callFailure(ex$);
        }
    }
    private static final class lf_window_attention_fwd {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_FLOAT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER);

        private static final class Linked {
            static final MemorySegment ADDR = findOrThrow("lf_window_attention_fwd");
            static final MethodHandle HANDLE = LINKER.downcallHandle(ADDR, DESC);
        }
    }

    public static FunctionDescriptor lf_window_attention_fwd$descriptor() {
        return lf_window_attention_fwd.DESC;
    }

    public static MethodHandle lf_window_attention_fwd$handle() {
        return lf_window_attention_fwd.Linked.HANDLE;
    }

    public static MemorySegment lf_window_attention_fwd$address() {
        return lf_window_attention_fwd.Linked.ADDR;
    }

    public static int lf_window_attention_fwd(int device, MemorySegment stream, int dtype, long batch, long heads, long head_dim, long grid_f, long grid_h, long grid_w, long leading_tokens, long win_f, long win_h, long win_w, float scale, MemorySegment q, MemorySegment q_strides, MemorySegment k, MemorySegment k_strides, MemorySegment v, MemorySegment v_strides, MemorySegment out, MemorySegment out_strides, MemorySegment lse) {
        try {
            return (int) lf_window_attention_fwd.Linked.HANDLE.invokeExact(device, stream, dtype, batch, heads, head_dim, grid_f, grid_h, grid_w, leading_tokens, win_f, win_h, win_w, scale, q, q_strides, k, k_strides, v, v_strides, out, out_strides, lse);
        } catch (Throwable ex$) {
            throw callFailure(ex$);
        }
    }
    private static final class lf_window_attention_bwd {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_FLOAT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER);

        private static final class Linked {
            static final MemorySegment ADDR = findOrThrow("lf_window_attention_bwd");
            static final MethodHandle HANDLE = LINKER.downcallHandle(ADDR, DESC);
        }
    }

    public static FunctionDescriptor lf_window_attention_bwd$descriptor() {
        return lf_window_attention_bwd.DESC;
    }

    public static MethodHandle lf_window_attention_bwd$handle() {
        return lf_window_attention_bwd.Linked.HANDLE;
    }

    public static MemorySegment lf_window_attention_bwd$address() {
        return lf_window_attention_bwd.Linked.ADDR;
    }

    public static int lf_window_attention_bwd(int device, MemorySegment stream, int dtype, long batch, long heads, long head_dim, long grid_f, long grid_h, long grid_w, long leading_tokens, long win_f, long win_h, long win_w, float scale, MemorySegment q, MemorySegment q_strides, MemorySegment k, MemorySegment k_strides, MemorySegment v, MemorySegment v_strides, MemorySegment out, MemorySegment out_strides, MemorySegment lse, MemorySegment d_out, MemorySegment d_out_strides, MemorySegment d_q, MemorySegment d_q_strides, MemorySegment d_k, MemorySegment d_k_strides, MemorySegment d_v, MemorySegment d_v_strides) {
        try {
            return (int) lf_window_attention_bwd.Linked.HANDLE.invokeExact(device, stream, dtype, batch, heads, head_dim, grid_f, grid_h, grid_w, leading_tokens, win_f, win_h, win_w, scale, q, q_strides, k, k_strides, v, v_strides, out, out_strides, lse, d_out, d_out_strides, d_q, d_q_strides, d_k, d_k_strides, d_v, d_v_strides);
        } catch (Throwable ex$) {
            throw callFailure(ex$);
        }
    }
    private static final class lf_global_tokens_fwd {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_FLOAT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_LONG, C_POINTER, C_LONG, C_POINTER, C_LONG, C_POINTER, C_POINTER, C_POINTER, C_POINTER);

        private static final class Linked {
            static final MemorySegment ADDR = findOrThrow("lf_global_tokens_fwd");
            static final MethodHandle HANDLE = LINKER.downcallHandle(ADDR, DESC);
        }
    }

    public static FunctionDescriptor lf_global_tokens_fwd$descriptor() {
        return lf_global_tokens_fwd.DESC;
    }

    public static MethodHandle lf_global_tokens_fwd$handle() {
        return lf_global_tokens_fwd.Linked.HANDLE;
    }

    public static MemorySegment lf_global_tokens_fwd$address() {
        return lf_global_tokens_fwd.Linked.ADDR;
    }

    public static int lf_global_tokens_fwd(int device, MemorySegment stream, int dtype, long batch, long channels, long grid_f, long grid_h, long grid_w, long pool_f, long pool_h, long pool_w, float eps, MemorySegment x, MemorySegment x_strides, MemorySegment weight, MemorySegment weight_strides, MemorySegment bias, long bias_stride, MemorySegment gamma, long gamma_stride, MemorySegment beta, long beta_stride, MemorySegment out, MemorySegment out_strides, MemorySegment mean, MemorySegment rstd) {
        try {
            return (int) lf_global_tokens_fwd.Linked.HANDLE.invokeExact(device, stream, dtype, batch, channels, grid_f, grid_h, grid_w, pool_f, pool_h, pool_w, eps, x, x_strides, weight, weight_strides, bias, bias_stride, gamma, gamma_stride, beta, beta_stride, out, out_strides, mean, rstd);
        } catch (Throwable ex$) {
            throw callFailure(ex$);
        }
    }
    private static final class lf_global_tokens_bwd {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_FLOAT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_LONG, C_POINTER, C_LONG, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_LONG, C_POINTER, C_LONG, C_POINTER, C_LONG);

        private static final class Linked {
            static final MemorySegment ADDR = findOrThrow("lf_global_tokens_bwd");
            static final MethodHandle HANDLE = LINKER.downcallHandle(ADDR, DESC);
        }
    }

    public static FunctionDescriptor lf_global_tokens_bwd$descriptor() {
        return lf_global_tokens_bwd.DESC;
    }

    public static MethodHandle lf_global_tokens_bwd$handle() {
        return lf_global_tokens_bwd.Linked.HANDLE;
    }

    public static MemorySegment lf_global_tokens_bwd$address() {
        return lf_global_tokens_bwd.Linked.ADDR;
    }

    public static int lf_global_tokens_bwd(int device, MemorySegment stream, int dtype, long batch, long channels, long grid_f, long grid_h, long grid_w, long pool_f, long pool_h, long pool_w, float eps, MemorySegment x, MemorySegment x_strides, MemorySegment weight, MemorySegment weight_strides, MemorySegment bias, long bias_stride, MemorySegment gamma, long gamma_stride, MemorySegment mean, MemorySegment rstd, MemorySegment d_out, MemorySegment d_out_strides, MemorySegment d_x, MemorySegment d_x_strides, MemorySegment d_weight, MemorySegment d_weight_strides, MemorySegment d_bias, long d_bias_stride, MemorySegment d_gamma, long d_gamma_stride, MemorySegment d_beta, long d_beta_stride) {
        try {
            return (int) lf_global_tokens_bwd.Linked.HANDLE.invokeExact(device, stream, dtype, batch, channels, grid_f, grid_h, grid_w, pool_f, pool_h, pool_w, eps, x, x_strides, weight, weight_strides, bias, bias_stride, gamma, gamma_stride, mean, rstd, d_out, d_out_strides, d_x, d_x_strides, d_weight, d_weight_strides, d_bias, d_bias_stride, d_gamma, d_gamma_stride, d_beta, d_beta_stride);
        } catch (Throwable ex$) {
            throw callFailure(ex$);
        }
    }
    private static final class lf_cross_attention_fwd {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_FLOAT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER);

        private static final class Linked {
            static final MemorySegment ADDR = findOrThrow("lf_cross_attention_fwd");
            static final MethodHandle HANDLE = LINKER.downcallHandle(ADDR, DESC);
        }
    }

    public static FunctionDescriptor lf_cross_attention_fwd$descriptor() {
        return lf_cross_attention_fwd.DESC;
    }

    public static MethodHandle lf_cross_attention_fwd$handle() {
        return lf_cross_attention_fwd.Linked.HANDLE;
    }

    public static MemorySegment lf_cross_attention_fwd$address() {
        return lf_cross_attention_fwd.Linked.ADDR;
    }

    public static int lf_cross_attention_fwd(int device, MemorySegment stream, int dtype, long batch, long heads, long head_dim, long queries, long keys, float scale, MemorySegment q, MemorySegment q_strides, MemorySegment k, MemorySegment k_strides, MemorySegment v, MemorySegment v_strides, MemorySegment out, MemorySegment out_strides, MemorySegment lse) {
        try {
            return (int) lf_cross_attention_fwd.Linked.HANDLE.invokeExact(device, stream, dtype, batch, heads, head_dim, queries, keys, scale, q, q_strides, k, k_strides, v, v_strides, out, out_strides, lse);
        } catch (Throwable ex$) {
            throw callFailure(ex$);
        }
    }
    private static final class lf_cross_attention_bwd {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT, C_LONG, C_LONG, C_LONG, C_LONG, C_LONG, C_FLOAT, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER);

        private static final class Linked {
            static final MemorySegment ADDR = findOrThrow("lf_cross_attention_bwd");
            static final MethodHandle HANDLE = LINKER.downcallHandle(ADDR, DESC);
        }
    }

    public static FunctionDescriptor lf_cross_attention_bwd$descriptor() {
        return lf_cross_attention_bwd.DESC;
    }

    public static MethodHandle lf_cross_attention_bwd$handle() {
        return lf_cross_attention_bwd.Linked.HANDLE;
    }

    public static MemorySegment lf_cross_attention_bwd$address() {
        return lf_cross_attention_bwd.Linked.ADDR;
    }

    public static int lf_cross_attention_bwd(int device, MemorySegment stream, int dtype, long batch, long heads, long head_dim, long queries, long keys, float scale, MemorySegment q, MemorySegment q_strides, MemorySegment k, MemorySegment k_strides, MemorySegment v, MemorySegment v_strides, MemorySegment out, MemorySegment out_strides, MemorySegment lse, MemorySegment d_out, MemorySegment d_out_strides, MemorySegment d_q, MemorySegment d_q_strides, MemorySegment d_k, MemorySegment d_k_strides, MemorySegment d_v, MemorySegment d_v_strides) {
        try {
            return (int) lf_cross_attention_bwd.Linked.HANDLE.invokeExact(device, stream, dtype, batch, heads, head_dim, queries, keys, scale, q, q_strides, k, k_strides, v, v_strides, out, out_strides, lse, d_out, d_out_strides, d_q, d_q_strides, d_k, d_k_strides, d_v, d_v_strides);
        } catch (Throwable ex$) {
            throw callFailure(ex$);
        }
    }
    private static final class lf_compact_loss_fwd {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT, C_LONG, C_LONG, C_FLOAT, C_INT, C_POINTER, C_POINTER, C_POINTER, C_LONG, C_POINTER, C_POINTER, C_POINTER);

        private static final class Linked {
            static final MemorySegment ADDR = findOrThrow("lf_compact_loss_fwd");
            static final MethodHandle HANDLE = LINKER.downcallHandle(ADDR, DESC);
        }
    }

    public static FunctionDescriptor lf_compact_loss_fwd$descriptor() {
        return lf_compact_loss_fwd.DESC;
    }

    public static MethodHandle lf_compact_loss_fwd$handle() {
        return lf_compact_loss_fwd.Linked.HANDLE;
    }

    public static MemorySegment lf_compact_loss_fwd$address() {
        return lf_compact_loss_fwd.Linked.ADDR;
    }

    public static int lf_compact_loss_fwd(int device, MemorySegment stream, int dtype, long batch, long classes, float lambda, int reduction, MemorySegment logits, MemorySegment logits_strides, MemorySegment targets, long targets_stride, MemorySegment loss, MemorySegment grad_logits, MemorySegment grad_logits_strides) {
        try {
            return (int) lf_compact_loss_fwd.Linked.HANDLE.invokeExact(device, stream, dtype, batch, classes, lambda, reduction, logits, logits_strides, targets, targets_stride, loss, grad_logits, grad_logits_strides);
        } catch (Throwable ex$) {
            throw callFailure(ex$);
        }
    }
}
