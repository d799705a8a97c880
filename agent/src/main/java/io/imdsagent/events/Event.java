package io.imdsagent.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One thing the agent reports: a name from the contract ({@code imdsv1-upgraded}), the caller when known,
 * and further fields in the order added. Immutable: each {@code with} returns a new event. Fields must
 * never hold a secret; the sink scrubs them anyway.
 */
public final class Event {
    private final String name;
    private final String caller;
    private final Map<String, Object> fields;

    private Event(String name, String caller, Map<String, Object> fields) {
        this.name = name;
        this.caller = caller;
        this.fields = fields;
    }

    public static Event named(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("an event needs a name");
        }
        return new Event(name, null, Collections.<String, Object>emptyMap());
    }

    /** @param caller {@code class.method(File.java:line)}; null when unknown, and then left out */
    public Event withCaller(String caller) {
        return new Event(name, caller, fields);
    }

    /** A field; a null value leaves the field out. */
    public Event with(String field, String value) {
        return withField(field, value);
    }

    /** A field; a null value leaves the field out. */
    public Event with(String field, Number value) {
        return withField(field, value);
    }

    public Event with(String field, boolean value) {
        return withField(field, value);
    }

    private Event withField(String field, Object value) {
        if (field.equals("time") || field.equals("event") || field.equals("caller") || field.equals("host")
                || field.equals("pid") || field.equals("app")) {
            throw new IllegalArgumentException("'" + field + "' is written by the sink; name the field otherwise");
        }
        Map<String, Object> copy = new LinkedHashMap<String, Object>(fields);
        if (value == null) {
            copy.remove(field);
        } else {
            copy.put(field, value);
        }
        return new Event(name, caller, Collections.unmodifiableMap(copy));
    }

    public String name() {
        return name;
    }

    /** Null when unknown. */
    public String caller() {
        return caller;
    }

    /** The further fields in the order added; values are String, Number or Boolean. */
    public Map<String, Object> fields() {
        return fields;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof Event)) {
            return false;
        }
        Event event = (Event) other;
        return name.equals(event.name) && Objects.equals(caller, event.caller) && fields.equals(event.fields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, caller, fields);
    }

    @Override
    public String toString() {
        return "Event{event=" + name + (caller == null ? "" : ", caller=" + caller) + ", " + fields + "}";
    }
}
