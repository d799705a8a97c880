package io.imdsagent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventLineTest {
    private final EventLine.Parser parser = new EventLine.Parser();

    private EventLine parse(String json) {
        byte[] bytes = ("  " + json + "  ").getBytes(StandardCharsets.UTF_8);
        return parser.parse(bytes, 2, bytes.length - 4);
    }

    @Test
    void readsTheFieldsTheReportNeedsAndPassesOverTheRest() {
        EventLine line = parse("{\"time\":\"2026-11-30T10:00:00.123Z\",\"event\":\"imdsv1-upgraded\",\"host\":\"web-1\","
                + "\"pid\":42,\"app\":\"App\",\"caller\":\"App.main(App.java:3)\",\"nested\":{\"event\":\"x\"},"
                + "\"list\":[1,{\"a\":2}],\"status\":200,\"upgraded\":true,\"via\":null,\"count\":7,\"folded\":2}");
        assertEquals("imdsv1-upgraded", line.event);
        assertEquals(Instant.parse("2026-11-30T10:00:00.123Z").toEpochMilli(), line.millis);
        assertEquals("web-1", line.host);
        assertEquals("42", line.pid);
        assertEquals("App.main(App.java:3)", line.caller);
        assertNull(line.via);
        assertEquals(7, line.count);
        assertEquals(3, line.decisions());
    }

    @Test
    void notAnEventWhenTheEventIsMissingOrNotAStringOrTheJsonIsCutShort() {
        assertNull(parse("{\"time\":\"2026-11-30T10:00:00.000Z\"}"));
        assertNull(parse("{\"event\":[\"imdsv1-upgraded\"]}"));
        assertNull(parse("{\"event\":\"imdsv1-upgraded\""));
        assertNull(parse("{\"event\":\"imdsv1-upgraded\"} {}"));
        assertNull(parse("{\"event\":\"imdsv1-upgraded\",\"count\":99999999999999999999999}"));
        assertEquals(EventLine.NO_COUNT, parse("{\"event\":\"e\",\"count\":\"7\"}").count);
    }

    @Test
    void timesInTheAgentsShapeAreReadAsInstantReadsThem() {
        for (String time : new String[] {"2024-02-29T23:59:59.999Z", "1970-01-01T00:00:00.000Z",
            "2026-12-31T00:00:00.000Z", "2025-07-31T12:34:56.789Z"}) {
            assertEquals(Instant.parse(time).toEpochMilli(), EventLine.parseTime(time), time);
        }
        assertEquals(Instant.parse("2026-11-30T10:00:00Z").toEpochMilli(), EventLine.parseTime("2026-11-30T10:00:00Z"));
        assertEquals(Instant.parse("2026-11-30T10:00:00.5Z").toEpochMilli(), EventLine.parseTime("2026-11-30T10:00:00.5Z"));
        assertEquals(EventLine.NO_TIME, EventLine.parseTime("2026-02-30T10:00:00.000Z"));
        assertEquals(EventLine.NO_TIME, EventLine.parseTime("yesterday"));
    }
}
