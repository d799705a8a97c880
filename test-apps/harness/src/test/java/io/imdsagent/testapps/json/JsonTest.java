package io.imdsagent.testapps.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

  @Test
  void writesAndReadsBackNestedValues() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("text", "quote \" backslash \\ newline \n tab \t control \u0001 é");
    value.put("number", 42L);
    value.put("fraction", 1.5);
    value.put("flag", true);
    value.put("nothing", null);
    value.put("list", Arrays.asList("a", null, List.of()));
    value.put("object", Map.of("k", "v"));
    String text = Json.write(value);
    assertEquals(value, Json.parse(text));
    assertEquals(text, Json.write(Json.parse(text)));
  }

  @Test
  void readsWhitespaceAndEscapes() {
    assertEquals(Map.of("a", List.of(1L, "\u00e9/")), Json.parse(" { \"a\" : [ 1 , \"\\u00e9\\/\" ] } "));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{", "{\"a\" 1}", "[1,]", "tru", "\"open", "{} x", ""})
  void refusesBrokenText(String text) {
    assertThrows(IllegalArgumentException.class, () -> Json.parse(text));
  }
}
