package io.github.logoformer.abi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small, strict parser of the declarations in logoformer.h that every binding must match (the
 * JavaCPP declarations, the FFM bindings, the enums of this module): every
 * {@code LF_API <ret> name(<params>);}, every {@code typedef enum} with pinned values, and integer
 * {@code #define LF_...} macros. Anything it cannot read is an error, never skipped.
 *
 * @param constants every enumerator and integer macro by name
 * @param enums each {@code typedef enum}'s name with its enumerators, in declaration order
 */
public record HeaderDeclarations(List<Function> functions, Map<String, Long> constants,
        Map<String, Map<String, Long>> enums) {

    /** A C type as the header spells it: {@code const} qualifier, name, pointer or not. */
    public record CType(boolean constant, String name, boolean pointer) {
        public static final CType VOID = new CType(false, "void", false);

        @Override
        public String toString() {
            return (constant ? "const " : "") + name + (pointer ? "*" : "");
        }
    }

    public record Parameter(CType type, String name) {}

    public record Function(CType returnType, String name, List<Parameter> parameters) {}

    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
    private static final Pattern FUNCTION = Pattern.compile(
            "LF_API\\s+((?:const\\s+)?\\w+\\s*\\**)\\s*(\\w+)\\s*\\(([^)]*)\\)\\s*;");
    private static final Pattern API_USE = Pattern.compile("(?m)^(?!\\s*#).*?\\bLF_API\\b");
    private static final Pattern PARAMETER = Pattern.compile("(const\\s+)?(\\w+)\\s*(\\*?)\\s*(\\w+)");
    private static final Pattern TYPE = Pattern.compile("(const\\s+)?(\\w+)\\s*(\\*?)");
    private static final Pattern ENUM = Pattern.compile("typedef\\s+enum\\s+(\\w+)\\s*\\{([^}]*)\\}\\s*(\\w+)\\s*;");
    private static final Pattern ENUMERATOR = Pattern.compile("(\\w+)\\s*=\\s*(-?\\d+)");
    private static final Pattern INT_MACRO = Pattern.compile("(?m)^\\s*#\\s*define\\s+(LF_\\w+)\\s+(-?\\d+)\\s*$");

    /** The header at the path in the system property {@code logoformer.header} (set by the builds' test runs). */
    public static Path headerFile() {
        return Path.of(System.getProperty("logoformer.header"));
    }

    /** {@link #parse} of {@link #headerFile()}. */
    public static HeaderDeclarations ofHeader() throws IOException {
        return parse(Files.readString(headerFile()));
    }

    /** The enumerators of {@code typedef enum type}, in order, with their pinned values. */
    public Map<String, Long> enumerators(String type) {
        Map<String, Long> values = enums.get(type);
        if (values == null) {
            throw new IllegalArgumentException("header: no typedef enum " + type + " (found " + enums.keySet() + ")");
        }
        return values;
    }

    /** The names of the {@code typedef enum}s, in order. */
    public List<String> enumTypes() {
        return List.copyOf(enums.keySet());
    }

    public static HeaderDeclarations parse(String header) {
        String code = COMMENT.matcher(header).replaceAll(" ");
        List<Function> functions = new ArrayList<>();
        Matcher f = FUNCTION.matcher(code);
        while (f.find()) {
            functions.add(new Function(type(f.group(1)), f.group(2), parameters(f.group(2), f.group(3))));
        }
        long uses = API_USE.matcher(code).results().count();
        if (uses != functions.size()) {
            throw new IllegalArgumentException("header: " + uses + " LF_API declarations, but only "
                    + functions.size() + " parse as '<type> name(<params>);'");
        }
        Map<String, Long> constants = new LinkedHashMap<>();
        Map<String, Map<String, Long>> enums = new LinkedHashMap<>();
        Matcher e = ENUM.matcher(code);
        while (e.find()) {
            Map<String, Long> enumerators = new LinkedHashMap<>();
            for (String item : e.group(2).split(",")) {
                if (item.isBlank()) {
                    continue;
                }
                Matcher value = ENUMERATOR.matcher(item.strip());
                if (!value.matches()) {
                    throw new IllegalArgumentException("enum " + e.group(1) + ": '" + item.strip()
                            + "' has no pinned value (expected NAME = integer)");
                }
                enumerators.put(value.group(1), Long.parseLong(value.group(2)));
            }
            enums.put(e.group(3), enumerators);
            constants.putAll(enumerators);
        }
        INT_MACRO.matcher(code).results().forEach(m -> constants.put(m.group(1), Long.parseLong(m.group(2))));
        return new HeaderDeclarations(functions, constants, enums);
    }

    private static CType type(String text) {
        Matcher m = TYPE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("cannot parse C type '" + text + "'");
        }
        return new CType(m.group(1) != null, m.group(2), !m.group(3).isEmpty());
    }

    private static List<Parameter> parameters(String function, String text) {
        List<Parameter> parameters = new ArrayList<>();
        if (text.strip().equals("void")) {
            return parameters;
        }
        for (String item : text.split(",")) {
            Matcher m = PARAMETER.matcher(item.strip());
            if (!m.matches()) {
                throw new IllegalArgumentException(function + ": cannot parse parameter '" + item.strip() + "'");
            }
            parameters.add(new Parameter(new CType(m.group(1) != null, m.group(2), !m.group(3).isEmpty()), m.group(4)));
        }
        return parameters;
    }
}
