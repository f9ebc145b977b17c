package io.github.logoformer.train;

import java.util.List;
import java.util.Map;

/** Typed reads of fields of a parsed {@link Json} object; a missing or mistyped field names itself. */
final class JsonFields {
    private JsonFields() {}

    static double number(Map<String, Object> json, String key) {
        if (json.get(key) instanceof Double d) {
            return d;
        }
        throw new IllegalArgumentException("field '" + key + "': expected a number, got " + json.get(key));
    }

    static int integer(Map<String, Object> json, String key) {
        double d = number(json, key);
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("field '" + key + "': expected an integer, got " + d);
        }
        return (int) d;
    }

    static String string(Map<String, Object> json, String key) {
        if (json.get(key) instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("field '" + key + "': expected a string, got " + json.get(key));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> json, String key) {
        if (json.get(key) instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new IllegalArgumentException("field '" + key + "': expected an object, got " + json.get(key));
    }

    static List<?> list(Map<String, Object> json, String key) {
        if (json.get(key) instanceof List<?> l) {
            return l;
        }
        throw new IllegalArgumentException("field '" + key + "': expected an array, got " + json.get(key));
    }

    static long[] longs(Map<String, Object> json, String key) {
        List<?> list = list(json, key);
        long[] values = new long[list.size()];
        for (int i = 0; i < values.length; i++) {
            if (!(list.get(i) instanceof Double d) || d != Math.rint(d)) {
                throw new IllegalArgumentException("field '" + key + "': expected integers, got " + list);
            }
            values[i] = d.longValue();
        }
        return values;
    }
}
