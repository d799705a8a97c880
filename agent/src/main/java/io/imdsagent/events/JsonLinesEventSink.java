package io.imdsagent.events;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes each event as one JSON object on one line: {@code time} (UTC, milliseconds), {@code event}, the JVM
 * it comes from ({@code host}, {@code pid}, {@code app}: see {@link JvmIdentity}), {@code caller} when known,
 * then the event's fields. Every string is scrubbed by the {@link Redactor}.
 * Thread-safe; a line is written with one {@code write} call so lines from several threads, or from
 * several JVMs appending to one file, do not interleave.
 */
final class JsonLinesEventSink implements EventSink {
    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** Worked out on the first event, not when the sink is made at start. */
    private static final Supplier<JvmIdentity> CURRENT_JVM = new Supplier<JvmIdentity>() {
        @Override
        public JvmIdentity get() {
            return JvmIdentity.current();
        }
    };

    /** Opens the output on the first event. */
    interface Output {
        OutputStream open() throws IOException;
    }

    private final String target;
    private final Output output;
    private final Redactor redactor;
    private final AgentLog log;
    private final Clock clock;
    private final Supplier<JvmIdentity> identity;

    // guarded by this
    private OutputStream stream;
    private boolean disabled;
    private boolean writeFailureReported;

    JsonLinesEventSink(String target, Output output, Redactor redactor, AgentLog log, Clock clock) {
        this(target, output, redactor, log, clock, CURRENT_JVM);
    }

    JsonLinesEventSink(String target, Output output, Redactor redactor, AgentLog log, Clock clock,
                       Supplier<JvmIdentity> identity) {
        this.identity = identity;
        this.target = target;
        this.output = output;
        this.redactor = redactor;
        this.log = log;
        this.clock = clock;
    }

    static JsonLinesEventSink toStream(PrintStream stream, Redactor redactor, AgentLog log, Clock clock) {
        return toStream(stream, redactor, log, clock, CURRENT_JVM);
    }

    static JsonLinesEventSink toStream(final PrintStream stream, Redactor redactor, AgentLog log, Clock clock,
                                       Supplier<JvmIdentity> identity) {
        return new JsonLinesEventSink("stderr", new Output() {
            @Override
            public OutputStream open() {
                return stream;
            }
        }, redactor, log, clock, identity);
    }

    /**
     * Appends to {@code file}, creating it but not its directory: a missing directory is a mistake in the
     * {@code events} option, reported once, after which events are dropped.
     */
    static JsonLinesEventSink appendingTo(final File file, Redactor redactor, AgentLog log, Clock clock) {
        return new JsonLinesEventSink(file.getPath(), new Output() {
            @Override
            public OutputStream open() throws IOException {
                return new FileOutputStream(file, true);
            }
        }, redactor, log, clock);
    }

    @Override
    public void emit(Event event) {
        try {
            byte[] line = encode(event);
            synchronized (this) {
                write(line);
            }
        } catch (IOException | RuntimeException e) {
            // Encoding into memory does not fail on our own values; if it ever does, say so once.
            reportWriteFailure(e);
        }
    }

    private void write(byte[] line) {
        if (disabled) {
            return;
        }
        if (stream == null) {
            try {
                stream = output.open();
            } catch (IOException | RuntimeException e) {
                disabled = true;
                log.error("cannot open the events file " + target + "; events are off until restart;"
                        + " set the events option to a file in an existing, writable directory", e);
                return;
            }
        }
        try {
            stream.write(line);
            stream.flush();
            // PrintStream (stderr) swallows IOException and only remembers it
            if (stream instanceof PrintStream && ((PrintStream) stream).checkError()) {
                throw new IOException("the stream reported an error");
            }
        } catch (IOException | RuntimeException e) {
            reportWriteFailure(e);
        }
    }

    private synchronized void reportWriteFailure(Exception e) {
        if (!writeFailureReported) {
            writeFailureReported = true;
            log.warn("cannot write events to " + target + "; events may be lost; further failures are not reported", e);
        }
    }

    private byte[] encode(Event event) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        JsonGenerator json = JSON.createGenerator(buffer, JsonEncoding.UTF8);
        json.writeStartObject();
        json.writeStringField("time", TIME.format(clock.instant()));
        json.writeStringField("event", redactor.scrub(event.name()));
        JvmIdentity jvm = identity.get();
        json.writeStringField("host", redactor.scrub(jvm.host()));
        if (jvm.pid() != null) {
            json.writeNumberField("pid", jvm.pid());
        }
        json.writeStringField("app", redactor.scrub(jvm.app()));
        if (event.caller() != null) {
            json.writeStringField("caller", redactor.scrub(event.caller()));
        }
        for (Map.Entry<String, Object> field : event.fields().entrySet()) {
            json.writeFieldName(redactor.scrub(field.getKey()));
            writeValue(json, field.getValue());
        }
        json.writeEndObject();
        json.close();
        buffer.write('\n');
        return buffer.toByteArray();
    }

    private void writeValue(JsonGenerator json, Object value) throws IOException {
        if (value instanceof Boolean) {
            json.writeBoolean((Boolean) value);
        } else if (value instanceof BigDecimal) {
            json.writeNumber((BigDecimal) value);
        } else if (value instanceof BigInteger) {
            json.writeNumber((BigInteger) value);
        } else if (value instanceof Double || value instanceof Float) {
            json.writeNumber(((Number) value).doubleValue());
        } else if (value instanceof Number) {
            json.writeNumber(((Number) value).longValue());
        } else {
            json.writeString(redactor.scrub(String.valueOf(value)));
        }
    }
}
