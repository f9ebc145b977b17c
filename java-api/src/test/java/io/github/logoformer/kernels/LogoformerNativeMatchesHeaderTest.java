package io.github.logoformer.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.logoformer.abi.HeaderDeclarations;
import io.github.logoformer.abi.HeaderDeclarations.CType;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Name;
import org.junit.jupiter.api.Test;

/**
 * The JavaCPP declarations in {@link LogoformerNative} match logoformer.h function by function and
 * parameter by parameter (Java type for the C type, the {@code @Cast} of every pointer, the name in
 * camel case); edited copies of the header show that each kind of difference fails the check.
 */
class LogoformerNativeMatchesHeaderTest {
    private static final Map<String, Class<?>> SCALARS = Map.of("int32_t", int.class, "int64_t", long.class,
            "float", float.class);

    static List<String> differences(HeaderDeclarations header, Class<?> binding) {
        List<String> out = new ArrayList<>();
        List<Method> natives = Arrays.stream(binding.getDeclaredMethods())
                .filter(m -> Modifier.isNative(m.getModifiers()) && m.isAnnotationPresent(Name.class)).toList();
        for (HeaderDeclarations.Function f : header.functions()) {
            List<Method> bound = natives.stream().filter(m -> m.getAnnotation(Name.class).value()[0].equals(f.name())).toList();
            if (bound.size() != 1) {
                out.add(f.name() + ": expected one @Name method, found " + bound.size());
                continue;
            }
            compare(f, bound.get(0), header, out);
        }
        List<String> names = header.functions().stream().map(HeaderDeclarations.Function::name).toList();
        for (Method m : natives) {
            String name = m.getAnnotation(Name.class).value()[0];
            if (!names.contains(name)) {
                out.add("binding has " + name + " (" + m.getName() + "), which is not in the header");
            }
        }
        return out;
    }

    private static void compare(HeaderDeclarations.Function f, Method m, HeaderDeclarations header, List<String> out) {
        Class<?> expectedReturn = f.returnType().pointer() ? String.class : scalar(f.returnType(), header);
        if (m.getReturnType() != expectedReturn) {
            out.add(f.name() + ": returns " + f.returnType() + ", binding " + m.getReturnType().getSimpleName());
        }
        Parameter[] params = m.getParameters();
        if (params.length != f.parameters().size()) {
            out.add(f.name() + ": header has " + f.parameters().size() + " parameters, binding " + params.length);
            return;
        }
        for (int i = 0; i < params.length; i++) {
            HeaderDeclarations.Parameter p = f.parameters().get(i);
            Parameter j = params[i];
            String where = f.name() + ": parameter " + i + " '" + p.name() + "'";
            if (p.type().pointer()) {
                // Addresses are longs; a stride array is a long[] the glue passes as a pointer to its elements.
                Class<?> carrier = p.name().endsWith("_strides") ? long[].class : long.class;
                Cast cast = j.getAnnotation(Cast.class);
                if (j.getType() != carrier) {
                    out.add(where + " is " + p.type() + ", binding takes " + j.getType().getSimpleName()
                            + " (expected " + carrier.getSimpleName() + ")");
                } else if (cast == null || !cast.value()[0].equals(p.type().toString())) {
                    out.add(where + " is " + p.type() + ", binding casts to "
                            + (cast == null ? "nothing" : "'" + cast.value()[0] + "'"));
                }
            } else if (j.getType() != scalar(p.type(), header)) {
                out.add(where + " is " + p.type() + ", binding takes " + j.getType().getSimpleName());
            }
            if (!j.isNamePresent() || !j.getName().equals(camelCase(p.name()))) {
                out.add(where + " is '" + camelCase(p.name()) + "' in camel case, binding has '" + j.getName() + "'");
            }
        }
    }

    private static Class<?> scalar(CType type, HeaderDeclarations header) {
        if (header.enumTypes().contains(type.name())) {
            return int.class;
        }
        Class<?> c = SCALARS.get(type.name());
        if (c == null) {
            throw new IllegalArgumentException("unknown C type '" + type + "': teach this check its Java type");
        }
        return c;
    }

    static String camelCase(String cName) {
        StringBuilder b = new StringBuilder();
        boolean upper = false;
        for (char c : cName.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                b.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return b.toString();
    }

    private static List<String> differences(String header) {
        return differences(HeaderDeclarations.parse(header), LogoformerNative.class);
    }

    private static String edited(String target, String replacement) throws IOException {
        String header = Files.readString(HeaderDeclarations.headerFile());
        assertTrue(header.contains(target), "test edit target not in header: " + target);
        return header.replaceFirst(Pattern.quote(target), replacement);
    }

    @Test
    void declarationsMatchTheHeader() throws IOException {
        HeaderDeclarations header = HeaderDeclarations.ofHeader();
        assertEquals(13, header.functions().size(), "functions parsed");
        assertEquals(List.of(), differences(header, LogoformerNative.class));
    }

    @Test
    void reportsAChangedScalarTypeAndAChangedPointerType() throws IOException {
        assertEquals(List.of("lf_window_attention_fwd: parameter 6 'grid_f' is int32_t, binding takes long"),
                differences(edited("int64_t grid_f, int64_t grid_h", "int32_t grid_f, int64_t grid_h")));
        assertEquals(List.of("lf_compact_loss_fwd: parameter 11 'loss' is double*, binding casts to 'float*'"),
                differences(edited("float* loss,", "double* loss,")));
    }

    @Test
    void reportsARenamedAnAddedAndAMissingParameter() throws IOException {
        assertEquals(List.of("lf_compact_loss_fwd: parameter 5 'weight' is 'weight' in camel case, binding has 'lambda'"),
                differences(edited("float lambda,", "float weight,")));
        assertEquals(List.of("lf_global_tokens_fwd: header has 27 parameters, binding 26"),
                differences(edited("float* mean, float* rstd);", "float* mean, float* rstd, int32_t flags);")));
    }

    @Test
    void reportsAFunctionMissingOnEitherSide() throws IOException {
        assertEquals(List.of("lf_cuda_device_count: expected one @Name method, found 0",
                "binding has lf_cuda_available (cudaAvailable), which is not in the header"),
                differences(edited("LF_API int32_t lf_cuda_available(void);", "LF_API int32_t lf_cuda_device_count(void);")));
    }
}
