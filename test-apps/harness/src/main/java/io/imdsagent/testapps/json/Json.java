package io.imdsagent.testapps.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads plain JSON: objects become {@code Map<String, Object>} (insertion ordered), arrays
 * {@code List<Object>}, numbers {@code Long} or {@code Double}, plus {@code String}, {@code Boolean} and null.
 * The harness has no third-party dependencies, so this stands in for a JSON library.
 */
public final class Json {

  private Json() {
  }

  /** One-line JSON text of a Map, List, String, Number, Boolean or null (nested freely). */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  private static void write(Object value, StringBuilder out) {
    if (value == null || value instanceof Boolean || value instanceof Number) {
      out.append(value);
    } else if (value instanceof CharSequence) {
      quote(value.toString(), out);
    } else if (value instanceof Map) {
      out.append('{');
      String separator = "";
      for (Map.Entry<?, ?> field : ((Map<?, ?>) value).entrySet()) {
        out.append(separator);
        quote(String.valueOf(field.getKey()), out);
        out.append(':');
        write(field.getValue(), out);
        separator = ",";
      }
      out.append('}');
    } else if (value instanceof Iterable) {
      out.append('[');
      String separator = "";
      for (Object element : (Iterable<?>) value) {
        out.append(separator);
        write(element, out);
        separator = ",";
      }
      out.append(']');
    } else {
      throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
    }
  }

  /** The JSON string literal for text, quotes included. */
  public static String quote(String text) {
    StringBuilder out = new StringBuilder();
    quote(text, out);
    return out.toString();
  }

  private static void quote(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }

  /** Parses one JSON value; throws IllegalArgumentException naming the offset of the first error. */
  public static Object parse(String text) {
    Reader reader = new Reader(text);
    try {
      Object value = reader.value();
      reader.skipSpace();
      if (reader.position != text.length()) {
        throw reader.error("trailing text");
      }
      return value;
    } catch (IndexOutOfBoundsException | NumberFormatException e) {
      throw reader.error("truncated or bad escape");
    }
  }

  /** Parses a JSON object. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseObject(String text) {
    Object value = parse(text);
    if (!(value instanceof Map)) {
      throw new IllegalArgumentException("expected a JSON object: " + text);
    }
    return (Map<String, Object>) value;
  }

  private static final class Reader {
    private final String text;
    private int position;

    Reader(String text) {
      this.text = text;
    }

    Object value() {
      skipSpace();
      if (position >= text.length()) {
        throw error("unexpected end");
      }
      char c = text.charAt(position);
      switch (c) {
        case '{': return object();
        case '[': return array();
        case '"': return string();
        case 't': return literal("true", Boolean.TRUE);
        case 'f': return literal("false", Boolean.FALSE);
        case 'n': return literal("null", null);
        default: return number();
      }
    }

    private Map<String, Object> object() {
      Map<String, Object> fields = new LinkedHashMap<>();
      position++;
      skipSpace();
      if (peek() == '}') {
        position++;
        return Collections.unmodifiableMap(fields);
      }
      while (true) {
        skipSpace();
        if (peek() != '"') {
          throw error("expected a field name");
        }
        String name = string();
        skipSpace();
        expect(':');
        fields.put(name, value());
        skipSpace();
        if (peek() == ',') {
          position++;
        } else {
          expect('}');
          return Collections.unmodifiableMap(fields);
        }
      }
    }

    private List<Object> array() {
      List<Object> elements = new ArrayList<>();
      position++;
      skipSpace();
      if (peek() == ']') {
        position++;
        return Collections.unmodifiableList(elements);
      }
      while (true) {
        elements.add(value());
        skipSpace();
        if (peek() == ',') {
          position++;
        } else {
          expect(']');
          return Collections.unmodifiableList(elements);
        }
      }
    }

    private String string() {
      position++;
      StringBuilder out = new StringBuilder();
      while (true) {
        if (position >= text.length()) {
          throw error("unterminated string");
        }
        char c = text.charAt(position++);
        if (c == '"') {
          return out.toString();
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        char escaped = text.charAt(position++);
        switch (escaped) {
          case 'n': out.append('\n'); break;
          case 'r': out.append('\r'); break;
          case 't': out.append('\t'); break;
          case 'b': out.append('\b'); break;
          case 'f': out.append('\f'); break;
          case 'u':
            out.append((char) Integer.parseInt(text.substring(position, position + 4), 16));
            position += 4;
            break;
          default: out.append(escaped);
        }
      }
    }

    private Object literal(String word, Object value) {
      if (!text.startsWith(word, position)) {
        throw error("expected " + word);
      }
      position += word.length();
      return value;
    }

    private Number number() {
      int start = position;
      while (position < text.length() && "+-0123456789.eE".indexOf(text.charAt(position)) >= 0) {
        position++;
      }
      String digits = text.substring(start, position);
      if (digits.isEmpty()) {
        throw error("unexpected character");
      }
      try {
        if (digits.contains(".") || digits.contains("e") || digits.contains("E")) {
          return Double.valueOf(digits);
        }
        return Long.valueOf(digits);
      } catch (NumberFormatException e) {
        throw error("bad number " + digits);
      }
    }

    private char peek() {
      return position < text.length() ? text.charAt(position) : '\0';
    }

    private void expect(char c) {
      if (peek() != c) {
        throw error("expected '" + c + "'");
      }
      position++;
    }

    void skipSpace() {
      while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
        position++;
      }
    }

    IllegalArgumentException error(String what) {
      return new IllegalArgumentException("bad JSON at offset " + position + ": " + what);
    }
  }
}
