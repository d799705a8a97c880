package io.imdsagent.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.imdsagent.imds.UtcTimestamp;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/** The fields of one event line that the report reads; the rest of the line is passed over. */
final class EventLine {
    static final long NO_TIME = Long.MIN_VALUE;
    static final long NO_COUNT = -1;
    /** The text fields read; the values of others (an access key id, an expiration) are not even decoded. */
    private static final Set<String> READ = new HashSet<String>(Arrays.asList("host", "pid", "app", "caller", "jar",
            "jarVersion", "via", "viaJar", "viaJarVersion", "client", "method", "url", "roleArn"));

    String event;
    long millis = NO_TIME;
    String host;
    String pid;
    String app;
    String caller;
    long count = NO_COUNT;
    long folded = NO_COUNT;
    String jar;
    String jarVersion;
    String via;
    String viaJar;
    String viaJarVersion;
    String client;
    String method;
    String url;
    String roleArn;

    /** Reads one line with Jackson's streaming parser; reusable, not thread-safe. */
    static final class Parser {
        private final JsonFactory json = new JsonFactory();

        /** The event on this line; null when the line is not one JSON object with a string {@code event}. */
        EventLine parse(byte[] bytes, int offset, int length) {
            try (JsonParser parser = json.createParser(bytes, offset, length)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return null;
                }
                EventLine line = new EventLine();
                JsonToken token;
                while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                        parser.skipChildren();
                    } else if (!line.read(name, parser, value)) {
                        return null;
                    }
                }
                if (token != JsonToken.END_OBJECT || parser.nextToken() != null || line.event == null) {
                    return null;
                }
                return line;
            } catch (IOException | RuntimeException e) {
                // not JSON, cut short, or a number out of range: not an event the agent wrote
                return null;
            }
        }
    }

    /** False when a field the report relies on has the wrong type. */
    private boolean read(String name, JsonParser parser, JsonToken value) throws IOException {
        switch (name) {
            case "event":
                event = value == JsonToken.VALUE_STRING ? parser.getText() : null;
                return event != null;
            case "time":
                millis = value == JsonToken.VALUE_STRING ? parseTime(parser.getText()) : NO_TIME;
                return true;
            case "count":
                count = value == JsonToken.VALUE_NUMBER_INT ? Math.max(0, parser.getLongValue()) : NO_COUNT;
                return true;
            case "folded":
                folded = value == JsonToken.VALUE_NUMBER_INT ? Math.max(0, parser.getLongValue()) : NO_COUNT;
                return true;
            default:
                if (READ.contains(name)) {
                    readText(name, value == JsonToken.VALUE_NULL ? null : parser.getText());
                }
                return true;
        }
    }

    private void readText(String name, String text) {
        switch (name) {
            case "host":
                host = text;
                break;
            case "pid":
                pid = text;
                break;
            case "app":
                app = text;
                break;
            case "caller":
                caller = text;
                break;
            case "jar":
                jar = text;
                break;
            case "jarVersion":
                jarVersion = text;
                break;
            case "via":
                via = text;
                break;
            case "viaJar":
                viaJar = text;
                break;
            case "viaJarVersion":
                viaJarVersion = text;
                break;
            case "client":
                client = text;
                break;
            case "method":
                method = text;
                break;
            case "url":
                url = text;
                break;
            case "roleArn":
                roleArn = text;
                break;
            default:
                break;
        }
    }

    /**
     * The agent writes {@code 2026-11-30T10:00:00.000Z}; that shape is read digit by digit ({@link UtcTimestamp}: a million lines
     * would spend seconds in the general parser), any other ISO-8601 instant by {@link Instant#parse}.
     */
    static long parseTime(String text) {
        long plain = UtcTimestamp.plainMillis(text);
        if (plain != UtcTimestamp.NOT_PLAIN) {
            return plain;
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            return NO_TIME;
        }
    }

    /** How many decisions this line stands for: itself and those folded into it since the site's previous line. */
    long decisions() {
        return folded == NO_COUNT ? 1 : folded + 1;
    }
}
