package io.github.logoformer.panama;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small, strict parser of the declarations in logoformer.h that bindings must match: every
 * {@code LF_API <ret> name(<params>);}, every {@code typedef enum} with pinned values, and integer
 * {@code #define LF_...} macros. Anything it cannot read is an error, never skipped.
 */
record HeaderDeclarations(List<Function> functions, Map<String, Long> constants, List<String> enumTypes) {

    record CType(String name, boolean pointer) {
        @Override
        public String toString() {
            return name + (pointer ? "*" : "");
        }
    }

    record Parameter(CType type, String name) {}

    record Function(CType returnType, String name, List<Parameter> parameters) {}

    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);
    private static final Pattern FUNCTION = Pattern.compile(
            "LF_API\\s+((?:const\\s+)?\\w+\\s*\\**)\\s*(\\w+)\\s*\\(([^)]*)\\)\\s*;");
    private static final Pattern API_USE = Pattern.compile("(?m)^(?!\\s*#).*?\\bLF_API\\b");
    private static final Pattern PARAMETER = Pattern.compile("(?:const\\s+)?(\\w+)\\s*(\\*?)\\s*(\\w+)");
    private static final Pattern TYPE = Pattern.compile("(?:const\\s+)?(\\w+)\\s*(\\*?)");
    private static final Pattern ENUM = Pattern.compile("typedef\\s+enum\\s+(\\w+)\\s*\\{([^}]*)\\}\\s*(\\w+)\\s*;");
    private static final Pattern ENUMERATOR = Pattern.compile("(\\w+)\\s*=\\s*(-?\\d+)");
    private static final Pattern INT_MACRO = Pattern.compile("(?m)^\\s*#\\s*define\\s+(LF_\\w+)\\s+(-?\\d+)\\s*$");

    static HeaderDeclarations parse(String header) {
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
        List<String> enumTypes = new ArrayList<>();
        Matcher e = ENUM.matcher(code);
        while (e.find()) {
            enumTypes.add(e.group(3));
            for (String item : e.group(2).split(",")) {
                if (item.isBlank()) {
                    continue;
                }
                Matcher value = ENUMERATOR.matcher(item.strip());
                if (!value.matches()) {
                    throw new IllegalArgumentException("enum " + e.group(1) + ": '" + item.strip()
                            + "' has no pinned value (expected NAME = integer)");
                }
                constants.put(value.group(1), Long.parseLong(value.group(2)));
            }
        }
        INT_MACRO.matcher(code).results().forEach(m -> constants.put(m.group(1), Long.parseLong(m.group(2))));
        return new HeaderDeclarations(functions, constants, enumTypes);
    }

    private static CType type(String text) {
        Matcher m = TYPE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("cannot parse C type '" + text + "'");
        }
        return new CType(m.group(1), !m.group(2).isEmpty());
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
            parameters.add(new Parameter(new CType(m.group(1), !m.group(2).isEmpty()), m.group(3)));
        }
        return parameters;
    }
}
