package io.github.logoformer.panama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.abi.HeaderDeclarations;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * logoformer_h matches logoformer.h, function by function, parameter by parameter, constant by
 * constant; and the check does fail when the header says something else (edited copies of it).
 */
class BindingsMatchHeaderTest {
    private static String header() throws IOException {
        return Files.readString(HeaderDeclarations.headerFile());
    }

    private static List<String> differences(String header) {
        return BindingCheck.differences(HeaderDeclarations.parse(header), logoformer_h.class);
    }

    /** Edits the real header once, failing if the edit does not apply (so each case really changes it). */
    private static String edited(String target, String replacement) throws IOException {
        String header = header();
        assertTrue(header.contains(target), "test edit target not in header: " + target);
        return header.replaceFirst(java.util.regex.Pattern.quote(target), replacement);
    }

    @Test
    void bindingsMatchTheHeader() throws IOException {
        HeaderDeclarations declarations = HeaderDeclarations.parse(header());
        assertEquals(13, declarations.functions().size(), "functions parsed");
        assertEquals(List.of("lf_status", "lf_device", "lf_dtype", "lf_reduction"), declarations.enumTypes());
        assertEquals(8 + 2 + 3 + 3 + 3, declarations.constants().size(), "enumerators and version macros parsed");
        assertEquals(List.of(), BindingCheck.differences(declarations, logoformer_h.class));
    }

    @Test
    void reportsAChangedParameterType() throws IOException {
        List<String> found = differences(edited("int64_t grid_f, int64_t grid_h", "int32_t grid_f, int64_t grid_h"));
        assertEquals(List.of("lf_window_attention_fwd: parameter 6 'grid_f' is int32_t (i4), binding has j8"), found);
    }

    @Test
    void reportsARenamedParameter() throws IOException {
        List<String> found = differences(edited("float lambda,", "float weight,"));
        assertEquals(List.of("lf_compact_loss_fwd: parameter 5 is named 'weight' in the header, 'lambda' in the binding"),
                found);
    }

    @Test
    void reportsAnAddedParameter() throws IOException {
        List<String> found = differences(edited("float* mean, float* rstd);", "float* mean, float* rstd, int32_t flags);"));
        assertEquals(List.of("lf_global_tokens_fwd: header has 27 parameters, binding 26"), found);
    }

    @Test
    void reportsAChangedReturnType() throws IOException {
        List<String> found = differences(edited("LF_API int32_t lf_cuda_available(void);", "LF_API int64_t lf_cuda_available(void);"));
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).startsWith("lf_cuda_available: return type int64_t"), found.toString());
    }

    @Test
    void reportsAFunctionMissingFromTheBindingsAndOneMissingFromTheHeader() throws IOException {
        String header = edited("LF_API int32_t lf_cuda_available(void);", "LF_API int32_t lf_cuda_device_count(void);");
        assertEquals(List.of("missing function lf_cuda_device_count",
                "binding has lf_cuda_available, which is not in the header"), differences(header));
    }

    @Test
    void reportsChangedAndAddedConstants() throws IOException {
        String header = edited("LF_ERROR_DEVICE = 6,", "LF_ERROR_DEVICE = 9,");
        assertEquals(List.of("LF_ERROR_DEVICE: header value 9, binding 6"), differences(header));
        header = edited("LF_REDUCTION_SUM = 2", "LF_REDUCTION_SUM = 2, LF_REDUCTION_MAX = 3");
        assertEquals(List.of("missing constant LF_REDUCTION_MAX (= 3)"), differences(header));
    }

    @Test
    void refusesWhatItCannotParse() throws IOException {
        assertThrows(IllegalArgumentException.class, () -> HeaderDeclarations.parse(
                edited("LF_DEVICE_CUDA = 1", "LF_DEVICE_CUDA")), "unpinned enumerator");
        assertThrows(IllegalArgumentException.class, () -> HeaderDeclarations.parse(
                edited("LF_API int32_t lf_version(void);", "LF_API int32_t (*lf_version)(void);")), "unparsed LF_API");
        assertThrows(IllegalArgumentException.class, () -> differences(
                edited("float eps,", "size_t eps,")), "unknown C type");
    }
}
