package io.imdsagent.imds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The agent's reader of flat JSON objects, held to Jackson's strict reading of the same texts. */
class FlatJsonObjectTest {
    private static final ObjectMapper JACKSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final String CREDENTIALS = "{\n  \"Code\" : \"Success\",\n"
            + "  \"LastUpdated\" : \"2026-12-01T10:00:00Z\",\n  \"Type\" : \"AWS-HMAC\",\n"
            + "  \"AccessKeyId\" : \"ASIAIOSFODNN7EXAMPLE\",\n  \"SecretAccessKey\" : \"wJalr\\/K7MDENG+bPxRfi\\u00e9Y\",\n"
            + "  \"Token\" : \"IQoJb3JpZ2luX2VjE\\\"x\\\\y\",\n  \"Expiration\" : \"2026-12-01T16:00:00Z\",\n"
            + "  \"Extra\" : [1, -2.5e+3, true, false, null, {\"a\": [{}]}, []]\n}";

    @Test
    void readsTheStringMembersOfACredentialsDocumentWithTheirEscapes() throws Exception {
        Map<String, String> strings = FlatJsonObject.strings(CREDENTIALS);
        assertEquals("Success", strings.get("Code"));
        assertEquals("wJalr/K7MDENG+bPxRfi\u00e9Y", strings.get("SecretAccessKey"));
        assertEquals("IQoJb3JpZ2luX2VjE\"x\\y", strings.get("Token"));
        assertFalse(strings.containsKey("Extra"));
        assertEquals(jacksonStrings(CREDENTIALS), strings);
    }

    @Test
    void aLaterMemberOfAnotherKindHidesAnEarlierString() throws Exception {
        assertFalse(FlatJsonObject.strings("{\"Token\":\"t\",\"Token\":7}").containsKey("Token"));
        assertEquals("u", FlatJsonObject.strings("{\"Token\":7,\"Token\":\"u\"}").get("Token"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "{\"a\":}", "{\"a\":\"b\",}", "{\"a\":01}", "{\"a\":\"\u0001\"}",
            "{\"a\":\"\\x\"}", "{'a':'b'}", "{\"a\":\"b\"} x", "{\"a\":tru}", "{\"a\":1.}", "{\"a\":-}",
            "{\"a\":\"\\u12G4\"}", "{\"a\" \"b\"}", "{\"a\":[1,]}", "{\"a\":{\"b\"}}", "{\"a\":NaN}"})
    void refusesWhatIsNotJson(String text) {
        assertThrows(FlatJsonObject.NotJson.class, () -> FlatJsonObject.strings(text));
        assertThrows(Exception.class, () -> jacksonStrings(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"Success\"", "42", "null", " [{\"a\":\"b\"}] "})
    void jsonThatIsNotAnObjectIsSaidSo(String text) {
        assertThrows(FlatJsonObject.NotAnObject.class, () -> FlatJsonObject.strings(text));
    }

    @Test
    void hostileNestingIsRefusedNotOverflowed() {
        String deep = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        FlatJsonObject.NotJson e = assertThrows(FlatJsonObject.NotJson.class, () -> FlatJsonObject.strings(deep));
        assertTrue(e.getMessage().startsWith("nested deeper than"), e.getMessage());
    }

    /** Random one-character edits of a real document: accepted exactly when Jackson accepts, with the same strings. */
    @Test
    void agreesWithJacksonOnMutatedDocuments() {
        String alphabet = "{}[]:,\"\\/ 0123456789-+.eEtrufalsn\u0001\u00e9ub";
        Random random = new Random(20261201);
        int accepted = 0;
        for (int round = 0; round < 5_000; round++) {
            StringBuilder text = new StringBuilder(CREDENTIALS);
            for (int edits = 1 + random.nextInt(2); edits > 0; edits--) {
                int at = random.nextInt(text.length());
                char c = alphabet.charAt(random.nextInt(alphabet.length()));
                switch (random.nextInt(3)) {
                    case 0 -> text.insert(at, c);
                    case 1 -> text.deleteCharAt(at);
                    default -> text.setCharAt(at, c);
                }
            }
            String mutated = text.toString();
            Map<String, String> expected;
            try {
                expected = jacksonStrings(mutated);
            } catch (Exception jacksonRefused) {
                assertThrows(Exception.class, () -> FlatJsonObject.strings(mutated), mutated);
                continue;
            }
            try {
                assertEquals(expected, FlatJsonObject.strings(mutated), mutated);
                accepted++;
            } catch (FlatJsonObject.NotJson | FlatJsonObject.NotAnObject e) {
                throw new AssertionError("refused what Jackson reads (" + e.getMessage() + "): " + mutated, e);
            }
        }
        assertTrue(accepted > 250, "too few mutations stayed JSON to compare: " + accepted);
    }

    /** Jackson's reading: the string members of an object; no value or a non-object is refused. */
    private static Map<String, String> jacksonStrings(String text) throws Exception {
        JsonNode root = JACKSON.readTree(text);
        if (root == null || root.isMissingNode()) {
            throw new IllegalArgumentException("no value");
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("not an object");
        }
        Map<String, String> strings = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            if (member.getValue().isTextual()) {
                strings.put(member.getKey(), member.getValue().asText());
            }
        }
        return strings;
    }
}
