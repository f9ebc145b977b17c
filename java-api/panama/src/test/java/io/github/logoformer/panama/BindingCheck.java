package io.github.logoformer.panama;

import io.github.logoformer.abi.HeaderDeclarations;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Compares parsed header declarations with a jextract-shaped binding class by reflection: the set of
 * functions, each descriptor's return and parameter layouts (from the C types), each invoker's Java
 * parameter types and names, and the constants. Returns every difference found, one line each.
 */
final class BindingCheck {
    private static final Map<String, ValueLayout> SCALARS = Map.of(
            "int32_t", ValueLayout.JAVA_INT, "int64_t", ValueLayout.JAVA_LONG,
            "float", ValueLayout.JAVA_FLOAT, "double", ValueLayout.JAVA_DOUBLE);

    private BindingCheck() {}

    static List<String> differences(HeaderDeclarations header, Class<?> binding) {
        List<String> out = new ArrayList<>();
        List<String> names = header.functions().stream().map(HeaderDeclarations.Function::name).toList();
        for (HeaderDeclarations.Function f : header.functions()) {
            compareFunction(f, header, binding, out);
        }
        for (Method m : binding.getMethods()) {
            String name = m.getName();
            if (isPublicStatic(m) && name.endsWith("$descriptor") && !names.contains(name.replace("$descriptor", ""))) {
                out.add("binding has " + name.replace("$descriptor", "") + ", which is not in the header");
            }
            if (isPublicStatic(m) && m.getParameterCount() == 0 && name.matches("LF_[A-Z0-9_]+")
                    && !header.constants().containsKey(name)) {
                out.add("binding has constant " + name + ", which is not in the header");
            }
        }
        header.constants().forEach((name, value) -> {
            try {
                Object actual = binding.getMethod(name).invoke(null);
                if (!(actual instanceof Integer i) || i.longValue() != value) {
                    out.add(name + ": header value " + value + ", binding " + actual);
                }
            } catch (NoSuchMethodException e) {
                out.add("missing constant " + name + " (= " + value + ")");
            } catch (ReflectiveOperationException e) {
                out.add(name + ": " + e);
            }
        });
        return out;
    }

    private static void compareFunction(HeaderDeclarations.Function f, HeaderDeclarations header, Class<?> binding,
            List<String> out) {
        FunctionDescriptor descriptor;
        try {
            descriptor = (FunctionDescriptor) binding.getMethod(f.name() + "$descriptor").invoke(null);
        } catch (NoSuchMethodException e) {
            out.add("missing function " + f.name());
            return;
        } catch (ReflectiveOperationException e) {
            out.add(f.name() + ": descriptor failed: " + e);
            return;
        }
        Optional<MemoryLayout> expectedReturn =
                f.returnType().equals(HeaderDeclarations.CType.VOID)
                        ? Optional.empty() : Optional.of(layout(f.returnType(), header));
        if (!sameLayout(expectedReturn, descriptor.returnLayout())) {
            out.add(f.name() + ": return type " + f.returnType() + " expects " + expectedReturn.map(Object::toString)
                    .orElse("void") + ", binding returns " + descriptor.returnLayout().map(Object::toString).orElse("void"));
        }
        List<MemoryLayout> actual = descriptor.argumentLayouts();
        List<HeaderDeclarations.Parameter> params = f.parameters();
        if (actual.size() != params.size()) {
            out.add(f.name() + ": header has " + params.size() + " parameters, binding " + actual.size());
            return;
        }
        Method invoker = Arrays.stream(binding.getMethods())
                .filter(m -> m.getName().equals(f.name()) && isPublicStatic(m)).findFirst().orElse(null);
        if (invoker == null || invoker.getParameterCount() != params.size()) {
            out.add(f.name() + ": no static invoker with " + params.size() + " parameters");
            return;
        }
        for (int i = 0; i < params.size(); i++) {
            HeaderDeclarations.Parameter p = params.get(i);
            MemoryLayout expected = layout(p.type(), header);
            Parameter javaParameter = invoker.getParameters()[i];
            if (!sameLayout(Optional.of(expected), Optional.of(actual.get(i)))) {
                out.add(f.name() + ": parameter " + i + " '" + p.name() + "' is " + p.type() + " (" + expected
                        + "), binding has " + actual.get(i));
            } else if (javaParameter.getType() != carrier(expected)) {
                out.add(f.name() + ": parameter " + i + " '" + p.name() + "' expects Java " + carrier(expected)
                        + ", invoker takes " + javaParameter.getType());
            }
            if (!javaParameter.isNamePresent() || !javaParameter.getName().equals(p.name())) {
                out.add(f.name() + ": parameter " + i + " is named '" + p.name() + "' in the header, '"
                        + javaParameter.getName() + "' in the binding");
            }
        }
    }

    /** The layout jextract gives a C type on x86-64 Linux: pointers are addresses, enums are int. */
    static MemoryLayout layout(HeaderDeclarations.CType type, HeaderDeclarations header) {
        if (type.pointer()) {
            return ValueLayout.ADDRESS;
        }
        if (header.enumTypes().contains(type.name())) {
            return ValueLayout.JAVA_INT;
        }
        ValueLayout scalar = SCALARS.get(type.name());
        if (scalar == null) {
            throw new IllegalArgumentException("unknown C type '" + type + "': teach BindingCheck its layout");
        }
        return scalar;
    }

    private static boolean sameLayout(Optional<MemoryLayout> expected, Optional<MemoryLayout> actual) {
        if (expected.isEmpty() || actual.isEmpty()) {
            return expected.isEmpty() && actual.isEmpty();
        }
        if (!(expected.get() instanceof ValueLayout e) || !(actual.get() instanceof ValueLayout a)) {
            return false;
        }
        return e.carrier() == a.carrier() && e.byteSize() == a.byteSize() && e.order() == a.order()
                && (e instanceof AddressLayout) == (a instanceof AddressLayout);
    }

    private static Class<?> carrier(MemoryLayout layout) {
        return layout instanceof AddressLayout ? MemorySegment.class : ((ValueLayout) layout).carrier();
    }

    private static boolean isPublicStatic(Method m) {
        return Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers());
    }
}
