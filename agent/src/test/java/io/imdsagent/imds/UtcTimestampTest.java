package io.imdsagent.imds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Held to java.time: every text it reads, it reads as {@code OffsetDateTime.parse} does; it declines the rest. */
class UtcTimestampTest {

    @Test
    void readsWhatJavaTimeReadsForRandomTimesInBothForms() {
        Random random = new Random(20261202);
        for (int i = 0; i < 20_000; i++) {
            long millis = random.nextLong() % 8_000_000_000_000L;
            String withMillis = java.time.Instant.ofEpochMilli(Math.abs(millis)).toString();
            String text = withMillis.length() == 24 && random.nextBoolean()
                    ? withMillis.substring(0, 19) + "Z" : withMillis;
            assertEquals(javaTime(text), UtcTimestamp.plainMillis(text), text);
        }
    }

    @Test
    void mutatedTextsAreReadAsJavaTimeReadsThemOrDeclined() {
        Random random = new Random(7);
        String alphabet = "0123456789-:TZ.+x ";
        for (String base : new String[] {"2024-02-29T23:59:59Z", "2023-12-31T00:00:00.999Z"}) {
            for (int i = 0; i < 20_000; i++) {
                char[] text = base.toCharArray();
                text[random.nextInt(text.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
                String mutated = new String(text);
                long plain = UtcTimestamp.plainMillis(mutated);
                if (plain != UtcTimestamp.NOT_PLAIN) {
                    assertEquals(javaTime(mutated), plain, mutated);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2023-02-29T00:00:00Z", "2100-02-29T00:00:00Z", "2024-04-31T00:00:00Z", "2024-13-01T00:00:00Z",
        "2024-00-01T00:00:00Z", "2024-01-00T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T00:60:00Z",
        "2024-01-01T00:00:60Z", "2024-01-01 00:00:00Z", "2024-01-01T00:00:00+00:00", "2024-01-01T00:00:00.5Z",
        "2024-01-01T00:00:00,000Z", "+2024-01-01T00:00:00Z", "2024-1-01T00:00:00Z", "",
    })
    void declinesOtherFormsAndTimesThatDoNotExist(String text) {
        assertEquals(UtcTimestamp.NOT_PLAIN, UtcTimestamp.plainMillis(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-02-29T12:00:00Z", "2000-02-29T00:00:00.001Z", "1970-01-01T00:00:00Z",
        "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z"})
    void readsEdgesAsJavaTimeDoes(String text) {
        assertEquals(javaTime(text), UtcTimestamp.plainMillis(text), text);
    }

    private static long javaTime(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return UtcTimestamp.NOT_PLAIN;
        }
    }
}
