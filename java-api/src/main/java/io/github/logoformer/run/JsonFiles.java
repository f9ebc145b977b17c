package io.github.logoformer.run;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * The JSON of run folders (checkpoints, reports) through Jackson, with one set of rules: record
 * components as snake_case fields, enums as lower-case names, strict reading (an unknown, missing or
 * mistyped field, a null for a number, trailing text are errors), pretty-printed writing through
 * {@link AtomicFiles}. Errors name the file, the line and column, and the field.
 */
public final class JsonFiles {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(EnumFeature.WRITE_ENUMS_TO_LOWERCASE, true)
            .configure(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS, true)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
            .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false)
            .configure(SerializationFeature.INDENT_OUTPUT, true)
            .build();

    private JsonFiles() {}

    /** Writes {@code value} (records, maps, lists, numbers, strings) as JSON to {@code file}, atomically. */
    public static void write(Path file, Object value) {
        AtomicFiles.writeString(file, text(value) + "\n");
    }

    /** {@code value} as pretty-printed JSON text. */
    public static String text(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads {@code file} as one JSON document.
     *
     * @throws IllegalArgumentException naming the file (and line and column) when it cannot be read or parsed
     */
    public static JsonNode readTree(Path file) {
        try {
            JsonNode tree = MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
            if (tree == null || tree.isMissingNode()) {
                throw new IllegalArgumentException(file + ": expected a JSON document, got an empty file");
            }
            return tree;
        } catch (JacksonException e) {
            throw failure(file, e);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": expected UTF-8 JSON text, got bytes that are not UTF-8", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Maps a document read from {@code file} onto {@code type} (a record: its constructor's checks run).
     *
     * @throws IllegalArgumentException naming the file, the field and the rule it broke
     */
    public static <T> T convert(Path file, JsonNode tree, Class<T> type) {
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JacksonException e) {
            throw failure(file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** {@link #convert} of {@link #readTree}. */
    public static <T> T read(Path file, Class<T> type) {
        return convert(file, readTree(file), type);
    }

    /** "file: line L, column C: field 'a.b': what went wrong" from a Jackson error. */
    private static IllegalArgumentException failure(Path file, JacksonException e) {
        StringBuilder message = new StringBuilder(file.toString()).append(": ");
        JsonLocation at = e.getLocation();
        if (at != null && at.getLineNr() > 0) {
            message.append("line ").append(at.getLineNr()).append(", column ").append(at.getColumnNr()).append(": ");
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            message.append("field '").append(mapping.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[")).append("': ");
        }
        Throwable cause = e instanceof DatabindException && e.getCause() instanceof IllegalArgumentException rule
                ? rule : null;
        message.append(cause != null ? cause.getMessage() : e.getOriginalMessage().lines().findFirst().orElse(""));
        return new IllegalArgumentException(message.toString(), e);
    }
}
