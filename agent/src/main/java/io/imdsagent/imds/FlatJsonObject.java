package io.imdsagent.imds;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads the string members of a JSON object, the shape of every document IMDS answers with JSON. Other members
 * (numbers, literals, nested objects and arrays) are checked and skipped. Written for the agent rather than taken
 * from Jackson because it runs at an application's first credentials, where Jackson's parser factory alone loads
 * some 60 classes; the JSON grammar (RFC 8259) is held to in full, so a document Jackson would refuse is refused.
 */
final class FlatJsonObject {
    /** Deeper nesting than any IMDS document has; a bound keeps a hostile answer from exhausting the stack. */
    private static final int MAX_DEPTH = 64;

    private final String text;
    private int at;

    private FlatJsonObject(String text) {
        this.text = text;
    }

    /**
     * The object's string members, the last one of a name winning; a member of another kind removes an earlier
     * string of its name, so a field of the wrong kind reads as missing.
     *
     * @throws NotJson when the text is not one JSON value; its message says where, never what
     * @throws NotAnObject when it is JSON but not an object
     */
    static Map<String, String> strings(String text) throws NotJson, NotAnObject {
        FlatJsonObject reader = new FlatJsonObject(text);
        reader.skipSpace();
        if (reader.at < text.length() && text.charAt(reader.at) != '{') {
            reader.skipValue(0);
            reader.requireEnd();
            throw new NotAnObject();
        }
        Map<String, String> strings = reader.topLevelObject();
        reader.requireEnd();
        return strings;
    }

    /** Not JSON. */
    static final class NotJson extends Exception {
        private static final long serialVersionUID = 1L;

        NotJson(String where) {
            super(where);
        }
    }

    /** JSON, but not an object. */
    static final class NotAnObject extends Exception {
        private static final long serialVersionUID = 1L;
    }

    private Map<String, String> topLevelObject() throws NotJson {
        expect('{');
        Map<String, String> strings = new HashMap<String, String>();
        skipSpace();
        if (peek() == '}') {
            at++;
            return strings;
        }
        while (true) {
            skipSpace();
            String name = string();
            skipSpace();
            expect(':');
            skipSpace();
            if (peek() == '"') {
                strings.put(name, string());
            } else {
                strings.remove(name);
                skipValue(1);
            }
            skipSpace();
            if (peek() == ',') {
                at++;
            } else {
                expect('}');
                return strings;
            }
        }
    }

    private void skipValue(int depth) throws NotJson {
        if (depth > MAX_DEPTH) {
            throw notJson("nested deeper than " + MAX_DEPTH);
        }
        char c = peek();
        if (c == '"') {
            string();
        } else if (c == '{' || c == '[') {
            skipContainer(c == '{' ? '}' : ']', depth);
        } else if (c == 't') {
            literal("true");
        } else if (c == 'f') {
            literal("false");
        } else if (c == 'n') {
            literal("null");
        } else {
            number();
        }
    }

    private void skipContainer(char close, int depth) throws NotJson {
        at++;
        skipSpace();
        if (peek() == close) {
            at++;
            return;
        }
        while (true) {
            skipSpace();
            if (close == '}') {
                string();
                skipSpace();
                expect(':');
                skipSpace();
            }
            skipValue(depth + 1);
            skipSpace();
            if (peek() == ',') {
                at++;
            } else {
                expect(close);
                return;
            }
        }
    }

    private String string() throws NotJson {
        expect('"');
        StringBuilder out = null;
        int start = at;
        while (true) {
            char c = next();
            if (c == '"') {
                return out == null ? text.substring(start, at - 1) : out.toString();
            }
            if (c < 0x20) {
                throw notJson("control character in a string");
            }
            if (c == '\\') {
                if (out == null) {
                    out = new StringBuilder(text.length() - start).append(text, start, at - 1);
                }
                out.append(escaped());
            } else if (out != null) {
                out.append(c);
            }
        }
    }

    private char escaped() throws NotJson {
        char c = next();
        switch (c) {
            case '"':
            case '\\':
            case '/':
                return c;
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'u':
                int code = 0;
                for (int i = 0; i < 4; i++) {
                    int digit = Character.digit(next(), 16);
                    if (digit < 0) {
                        throw notJson("bad \\u escape");
                    }
                    code = code * 16 + digit;
                }
                return (char) code;
            default:
                throw notJson("bad escape");
        }
    }

    private void number() throws NotJson {
        if (peek() == '-') {
            at++;
        }
        if (peek() == '0') {
            at++;
        } else {
            digits();
        }
        if (at < text.length() && text.charAt(at) == '.') {
            at++;
            digits();
        }
        if (at < text.length() && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
            at++;
            if (peek() == '+' || peek() == '-') {
                at++;
            }
            digits();
        }
    }

    private void digits() throws NotJson {
        if (!isDigit(peek())) {
            throw notJson("expected a value");
        }
        while (at < text.length() && isDigit(text.charAt(at))) {
            at++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void literal(String word) throws NotJson {
        if (!text.startsWith(word, at)) {
            throw notJson("expected a value");
        }
        at += word.length();
    }

    private void skipSpace() {
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            at++;
        }
    }

    private void requireEnd() throws NotJson {
        skipSpace();
        if (at != text.length()) {
            throw notJson("more after the value");
        }
    }

    private void expect(char wanted) throws NotJson {
        if (next() != wanted) {
            throw notJson("expected '" + wanted + "'");
        }
    }

    /** The character at the cursor, not consumed; the end of the text is an error wherever a character is due. */
    private char peek() throws NotJson {
        if (at >= text.length()) {
            throw notJson("cut off");
        }
        return text.charAt(at);
    }

    private char next() throws NotJson {
        char c = peek();
        at++;
        return c;
    }

    private NotJson notJson(String what) {
        return new NotJson(what + " at character " + at);
    }
}
