package io.imdsagent.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventTest {

    @Test
    void fieldsKeepTheirOrderAndEachWithMakesANewEvent() {
        Event bare = Event.named("imdsv1-upgraded");
        Event full = bare.withCaller("com.example.App.main(App.java:12)")
                .with("jar", "/opt/app.jar").with("status", 200).with("upgraded", true).with("path", "/latest/meta-data/");

        assertNull(bare.caller());
        assertEquals(0, bare.fields().size());
        assertEquals("imdsv1-upgraded", full.name());
        assertEquals("com.example.App.main(App.java:12)", full.caller());
        assertEquals(List.of("jar", "status", "upgraded", "path"), List.copyOf(full.fields().keySet()));
        assertEquals(200, full.fields().get("status"));
        assertEquals(true, full.fields().get("upgraded"));
        assertThrows(UnsupportedOperationException.class, () -> full.fields().put("x", "y"));
    }

    @Test
    void aNullValueLeavesTheFieldOut() {
        Event event = Event.named("imdsv1-blocked").with("jar", (String) null).with("status", (Number) null);
        assertEquals(0, event.fields().size());
        assertEquals(0, event.with("jar", "a.jar").with("jar", (String) null).fields().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"time", "event", "caller"})
    void theSinksOwnFieldsCannotBeAdded(String field) {
        assertThrows(IllegalArgumentException.class, () -> Event.named("x").with(field, "y"));
    }

    @Test
    void anEventNeedsAName() {
        assertThrows(IllegalArgumentException.class, () -> Event.named(""));
        assertThrows(IllegalArgumentException.class, () -> Event.named(null));
    }

    @Test
    void equalByValue() {
        assertEquals(Event.named("a").withCaller("c").with("k", 1), Event.named("a").withCaller("c").with("k", 1));
        assertEquals(Event.named("a").with("k", 1).hashCode(), Event.named("a").with("k", 1).hashCode());
        assertNotEquals(Event.named("a").with("k", 1), Event.named("a").with("k", 2));
        assertNotEquals(Event.named("a").withCaller("c"), Event.named("a"));
        assertEquals("Event{event=a, caller=c, {k=1}}", Event.named("a").withCaller("c").with("k", 1).toString());
    }
}
