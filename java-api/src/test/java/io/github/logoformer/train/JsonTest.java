package io.github.logoformer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void writtenValuesParseBack() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", "a \"quoted\"\\ name\n");
        json.put("n", 3);
        json.put("x", 0.125);
        json.put("nan", Double.NaN);
        json.put("flag", true);
        json.put("list", List.of(1.5, "b"));
        json.put("matrix", new long[][] {{1, 2}, {3, 4}});
        json.put("empty", Map.of());
        Object back = Json.parse(Json.write(json), Path.of("x.json"));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("name", "a \"quoted\"\\ name\n");
        expected.put("n", 3.0);
        expected.put("x", 0.125);
        expected.put("nan", null);
        expected.put("flag", true);
        expected.put("list", List.of(1.5, "b"));
        expected.put("matrix", List.of(List.of(1.0, 2.0), List.of(3.0, 4.0)));
        expected.put("empty", Map.of());
        assertEquals(expected, back);
    }

    @Test
    void malformedTextFailsNamingTheSourceAndOffset() {
        assertEquals("x.json: malformed JSON at offset 7: expected a key",
                assertThrows(IllegalArgumentException.class, () -> Json.parse("{\"a\":1,}", Path.of("x.json"))).getMessage());
        assertEquals("x.json: malformed JSON at offset 2: trailing characters",
                assertThrows(IllegalArgumentException.class, () -> Json.parse("1 2", Path.of("x.json"))).getMessage());
    }
}
