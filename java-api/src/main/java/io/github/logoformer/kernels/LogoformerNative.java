package io.github.logoformer.kernels;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;

/**
 * Raw JavaCPP bindings of the C ABI in {@code native/include/logoformer/logoformer.h}. JavaCPP's
 * Maven plugin generates and compiles the JNI glue for this class at build time.
 *
 * <p>Internal: not part of the public API. Use the typed ops in {@code io.github.logoformer.ops},
 * which validate tensors and turn status codes into exceptions. Arguments here are raw addresses
 * ({@code long}) and element strides ({@code long[4]}); a wrong address crashes the JVM.
 *
 * <p>Loading: {@link #load()} loads LibTorch first (so that LibTorch's bundled OpenMP runtime is the
 * one our library binds to), then {@code liblogoformer.so} and its JNI glue
 * {@code libjniLogoformerNative.so}, through JavaCPP's {@link Loader}, from the first of:
 * <ol>
 *   <li>the folder named by the system property {@value #LIBRARY_PATH_PROPERTY}, when set (it must
 *       hold {@code liblogoformer.so}; the JNI glue is taken from there too when present, else from
 *       the jar). This override applies to our libraries only, never to LibTorch's;
 *   <li>the class path: {@code io/github/logoformer/kernels/linux-x86_64-gpu/} (native jar with the
 *       classifier {@code linux-x86_64-gpu}), then {@code io/github/logoformer/kernels/linux-x86_64/}
 *       (classifier {@code linux-x86_64}), extracted to JavaCPP's cache ({@code ~/.javacpp/cache},
 *       or the folder in {@code org.bytedeco.javacpp.cachedir});
 *   <li>the folders in {@code org.bytedeco.javacpp.platform.preloadpath}, then
 *       {@code java.library.path} (JavaCPP's own fallbacks).
 * </ol>
 */
@Properties({
        @Platform(include = "logoformer/logoformer.h", link = "logoformer"),
        // Adds "-gpu" to the folders the Loader tries (first); the -Pgpu build writes to that folder.
        @Platform(extension = "-gpu")})
public final class LogoformerNative {
    /** System property: a folder to load {@code liblogoformer.so} (and its JNI glue) from first. */
    public static final String LIBRARY_PATH_PROPERTY = "logoformer.library.path";

    static {
        Loader.load(org.bytedeco.pytorch.global.torch.class);
        String override = System.getProperty(LIBRARY_PATH_PROPERTY);
        if (override == null) {
            Loader.load();
        } else {
            if (!new java.io.File(override, System.mapLibraryName("logoformer")).isFile()) {
                throw new UnsatisfiedLinkError(LIBRARY_PATH_PROPERTY + ": expected a folder holding "
                        + System.mapLibraryName("logoformer") + ", got " + override);
            }
            // A copy: the platform properties returned by loadProperties() are shared by every class.
            java.util.Properties properties = (java.util.Properties) Loader.loadProperties().clone();
            properties.setProperty("platform.preloadpath", override);
            Loader.load(LogoformerNative.class, properties, true);
        }
    }

    private LogoformerNative() {}

    /** Ensures the native libraries are loaded (class initialisation does the work). */
    public static void load() {}

    public static final int LF_OK = 0;
    public static final int LF_ERROR_NULL_POINTER = 1;
    public static final int LF_ERROR_INVALID_ARGUMENT = 2;
    public static final int LF_ERROR_UNSUPPORTED = 3;
    public static final int LF_ERROR_OVERFLOW = 4;
    public static final int LF_ERROR_OUT_OF_MEMORY = 5;
    public static final int LF_ERROR_DEVICE = 6;
    public static final int LF_ERROR_INTERNAL = 7;

    public static final int LF_DEVICE_CPU = 0;
    public static final int LF_DEVICE_CUDA = 1;

    public static final int LF_DTYPE_FLOAT32 = 0;
    public static final int LF_DTYPE_BFLOAT16 = 1;
    public static final int LF_DTYPE_FLOAT16 = 2;

    public static final int LF_REDUCTION_NONE = 0;
    public static final int LF_REDUCTION_MEAN = 1;
    public static final int LF_REDUCTION_SUM = 2;

    @Name("lf_version")
    public static native int version();

    @Name("lf_status_string")
    public static native String statusString(int status);

    @Name("lf_last_error_message")
    public static native String lastErrorMessage();

    @Name("lf_build_info")
    public static native String buildInfo();

    @Name("lf_cpu_simd_level")
    public static native String cpuSimdLevel();

    @Name("lf_cuda_available")
    public static native int cudaAvailable();

    @Name("lf_window_attention_fwd")
    public static native int windowAttentionForward(
            int device, @Cast("void*") long stream, int dtype,
            long batch, long heads, long headDim,
            long gridF, long gridH, long gridW, long globals,
            long winF, long winH, long winW,
            float scale,
            @Cast("const void*") long q, @Cast("const int64_t*") long[] qStrides,
            @Cast("const void*") long k, @Cast("const int64_t*") long[] kStrides,
            @Cast("const void*") long v, @Cast("const int64_t*") long[] vStrides,
            @Cast("void*") long out, @Cast("const int64_t*") long[] outStrides,
            @Cast("float*") long lse);

    @Name("lf_window_attention_bwd")
    public static native int windowAttentionBackward(
            int device, @Cast("void*") long stream, int dtype,
            long batch, long heads, long headDim,
            long gridF, long gridH, long gridW, long globals,
            long winF, long winH, long winW,
            float scale,
            @Cast("const void*") long q, @Cast("const int64_t*") long[] qStrides,
            @Cast("const void*") long k, @Cast("const int64_t*") long[] kStrides,
            @Cast("const void*") long v, @Cast("const int64_t*") long[] vStrides,
            @Cast("const void*") long out, @Cast("const int64_t*") long[] outStrides,
            @Cast("const float*") long lse,
            @Cast("const void*") long dOut, @Cast("const int64_t*") long[] dOutStrides,
            @Cast("void*") long dQ, @Cast("const int64_t*") long[] dQStrides,
            @Cast("void*") long dK, @Cast("const int64_t*") long[] dKStrides,
            @Cast("void*") long dV, @Cast("const int64_t*") long[] dVStrides);

    @Name("lf_cross_attention_fwd")
    public static native int crossAttentionForward(
            int device, @Cast("void*") long stream, int dtype,
            long batch, long heads, long headDim, long queries, long keys,
            float scale,
            @Cast("const void*") long q, @Cast("const int64_t*") long[] qStrides,
            @Cast("const void*") long k, @Cast("const int64_t*") long[] kStrides,
            @Cast("const void*") long v, @Cast("const int64_t*") long[] vStrides,
            @Cast("void*") long out, @Cast("const int64_t*") long[] outStrides,
            @Cast("float*") long lse);

    @Name("lf_cross_attention_bwd")
    public static native int crossAttentionBackward(
            int device, @Cast("void*") long stream, int dtype,
            long batch, long heads, long headDim, long queries, long keys,
            float scale,
            @Cast("const void*") long q, @Cast("const int64_t*") long[] qStrides,
            @Cast("const void*") long k, @Cast("const int64_t*") long[] kStrides,
            @Cast("const void*") long v, @Cast("const int64_t*") long[] vStrides,
            @Cast("const void*") long out, @Cast("const int64_t*") long[] outStrides,
            @Cast("const float*") long lse,
            @Cast("const void*") long dOut, @Cast("const int64_t*") long[] dOutStrides,
            @Cast("void*") long dQ, @Cast("const int64_t*") long[] dQStrides,
            @Cast("void*") long dK, @Cast("const int64_t*") long[] dKStrides,
            @Cast("void*") long dV, @Cast("const int64_t*") long[] dVStrides);

    @Name("lf_global_tokens_fwd")
    public static native int globalTokensForward(
            int device, @Cast("void*") long stream, int dtype,
            long batch, long channels,
            long gridF, long gridH, long gridW,
            long poolF, long poolH, long poolW,
            float eps,
            @Cast("const void*") long x, @Cast("const int64_t*") long[] xStrides,
            @Cast("const void*") long weight, @Cast("const int64_t*") long[] weightStrides,
            @Cast("const void*") long bias, long biasStride,
            @Cast("const void*") long gamma, long gammaStride,
            @Cast("const void*") long beta, long betaStride,
            @Cast("void*") long out, @Cast("const int64_t*") long[] outStrides,
            @Cast("float*") long mean, @Cast("float*") long rstd);

    @Name("lf_global_tokens_bwd")
    public static native int globalTokensBackward(
            int device, @Cast("void*") long stream, int dtype,
            long batch, long channels,
            long gridF, long gridH, long gridW,
            long poolF, long poolH, long poolW,
            float eps,
            @Cast("const void*") long x, @Cast("const int64_t*") long[] xStrides,
            @Cast("const void*") long weight, @Cast("const int64_t*") long[] weightStrides,
            @Cast("const void*") long bias, long biasStride,
            @Cast("const void*") long gamma, long gammaStride,
            @Cast("const float*") long mean, @Cast("const float*") long rstd,
            @Cast("const void*") long dOut, @Cast("const int64_t*") long[] dOutStrides,
            @Cast("void*") long dX, @Cast("const int64_t*") long[] dXStrides,
            @Cast("void*") long dWeight, @Cast("const int64_t*") long[] dWeightStrides,
            @Cast("void*") long dBias, long dBiasStride,
            @Cast("void*") long dGamma, long dGammaStride,
            @Cast("void*") long dBeta, long dBetaStride);

    /** {@code gradLogits} 0 (NULL): loss only; {@code gradLogitsStrides} is then ignored. */
    @Name("lf_compact_loss_fwd")
    public static native int compactLossForward(
            int device, @Cast("void*") long stream, int dtype,
            long batch, long classes,
            float lambda, int reduction,
            @Cast("const void*") long logits, @Cast("const int64_t*") long[] logitsStrides,
            @Cast("const int64_t*") long targets, long targetsStride,
            @Cast("float*") long loss,
            @Cast("void*") long gradLogits, @Cast("const int64_t*") long[] gradLogitsStrides);
}
