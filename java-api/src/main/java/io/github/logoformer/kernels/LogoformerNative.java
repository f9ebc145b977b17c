package io.github.logoformer.kernels;

import io.github.logoformer.abi.LibraryLocation;
import java.nio.file.Path;
import java.util.Optional;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Platform;
import org.bytedeco.javacpp.annotation.Properties;

/**
 * Raw JavaCPP bindings of the C ABI in {@code native/include/logoformer/logoformer.h}. JavaCPP's
 * Maven plugin generates and compiles the JNI glue for this class at build time;
 * {@code LogoformerNativeMatchesHeaderTest} fails when a declaration here differs from the header.
 *
 * <p>Internal: not part of the public API. Use the typed ops in {@code io.github.logoformer.ops},
 * which validate tensors and turn status codes into exceptions. Arguments here are raw addresses
 * ({@code long}) and element strides ({@code long[4]}); a wrong address crashes the JVM. The ABI's
 * enums are in {@code io.github.logoformer.abi}; {@link NativeStatus} turns a status into an exception.
 *
 * <p>Loading: {@link #load()} loads LibTorch first (so that LibTorch's bundled OpenMP runtime is the
 * one our library binds to), sets LibTorch's OpenBLAS to one thread ({@link OpenBlasThreads}: the
 * system property {@code logoformer.openblas.threads} or the environment variable
 * {@code OPENBLAS_NUM_THREADS} override it), then {@code liblogoformer.so} and its JNI glue
 * {@code libjniLogoformerNative.so}, through JavaCPP's {@link Loader}, from the first of:
 * <ol>
 *   <li>the library file or folder named by {@link LibraryLocation} (the system property
 *       {@value LibraryLocation#PROPERTY}, else the environment variable {@value LibraryLocation#ENVIRONMENT}),
 *       when set; the file must be named {@code liblogoformer.so}, as JavaCPP loads it by name, and the JNI
 *       glue is taken from its folder too when present, else from the jar. This override applies to our
 *       libraries only, never to LibTorch's;
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
    static {
        Loader.load(org.bytedeco.pytorch.global.torch.class);
        OpenBlasThreads.applyDefault();
        Optional<Path> override = LibraryLocation.override();
        if (override.isEmpty()) {
            Loader.load();
        } else {
            Path file = override.get();
            if (!file.getFileName().toString().equals(LibraryLocation.FILE_NAME)) {
                throw new UnsatisfiedLinkError(LibraryLocation.PROPERTY + ": JavaCPP loads the library by its name, so the"
                        + " file must be named " + LibraryLocation.FILE_NAME + ", got " + file);
            }
            // A copy: the platform properties returned by loadProperties() are shared by every class.
            java.util.Properties properties = (java.util.Properties) Loader.loadProperties().clone();
            properties.setProperty("platform.preloadpath", file.getParent().toString());
            Loader.load(LogoformerNative.class, properties, true);
        }
    }

    private LogoformerNative() {}

    /** Ensures the native libraries are loaded (class initialisation does the work). */
    public static void load() {}

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
            long gridF, long gridH, long gridW, long leadingTokens,
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
            long gridF, long gridH, long gridW, long leadingTokens,
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
