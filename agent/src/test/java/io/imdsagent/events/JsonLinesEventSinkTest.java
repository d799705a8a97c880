package io.imdsagent.events;

import static io.imdsagent.events.RedactorTest.SECRET_ACCESS_KEY;
import static io.imdsagent.events.RedactorTest.SESSION_TOKEN;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imdsagent.config.LogLevel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesEventSinkTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-06T07:08:09.010Z"), ZoneOffset.UTC);

    private final Redactor redactor = new Redactor();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final AgentLog log = new AgentLog(new PrintStream(logged, true), LogLevel.INFO, redactor);

    @TempDir
    Path directory;

    private static final JvmIdentity WEB_1 = new JvmIdentity("web-1", 4242L, "com.example.App");

    private EventSink toStderr(Clock clock) {
        return JsonLinesEventSink.toStream(new PrintStream(stderr, true), redactor, log, clock, () -> WEB_1);
    }

    private EventSink toFile(Path file) {
        return EventSink.forOption(file.toString(), new PrintStream(stderr, true), redactor, log, CLOCK);
    }

    private static List<JsonNode> parse(String lines) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String line : lines.split("\n")) {
            events.add(MAPPER.readTree(line));
        }
        return events;
    }

    private String stderrText() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    private String logText() {
        return logged.toString(StandardCharsets.UTF_8);
    }

    @Test
    void eachEventIsOneJsonObjectOnOneLineInContractOrder() throws IOException {
        toStderr(CLOCK).emit(Event.named("imdsv1-upgraded").withCaller("com.example.App.main(App.java:12)")
                .with("jar", "/opt/app.jar").with("status", 200).with("upgraded", true)
                .with("ratio", 0.5).with("big", new BigDecimal("12345678901234567890.5")).with("millis", 9_000_000_000L));

        String text = stderrText();
        assertTrue(text.endsWith("}\n") && text.indexOf('\n') == text.length() - 1, text);
        JsonNode event = MAPPER.readTree(text);
        assertEquals(List.of("time", "event", "host", "pid", "app", "caller", "jar", "status", "upgraded", "ratio", "big", "millis"),
                iterate(event.fieldNames()));
        assertEquals("2024-05-06T07:08:09.010Z", event.get("time").asText());
        assertEquals("imdsv1-upgraded", event.get("event").asText());
        assertEquals("web-1", event.get("host").asText());
        assertEquals(4242, event.get("pid").asLong());
        assertEquals("com.example.App", event.get("app").asText());
        assertEquals("com.example.App.main(App.java:12)", event.get("caller").asText());
        assertEquals("/opt/app.jar", event.get("jar").asText());
        assertTrue(event.get("status").isIntegralNumber());
        assertEquals(200, event.get("status").asInt());
        assertTrue(event.get("upgraded").isBoolean());
        assertEquals(0.5, event.get("ratio").asDouble());
        assertTrue(text.contains(",\"big\":12345678901234567890.5,"), text);
        assertEquals(9_000_000_000L, event.get("millis").asLong());
    }

    private static List<String> iterate(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    @Test
    void callerIsLeftOutWhenUnknownAndTimeAlwaysHasMilliseconds() throws IOException {
        Clock wholeSecond = Clock.fixed(Instant.parse("2024-12-31T23:59:59Z"), ZoneOffset.ofHours(5));
        toStderr(wholeSecond).emit(Event.named("credentials-refreshed"));
        assertEquals("{\"time\":\"2024-12-31T23:59:59.000Z\",\"event\":\"credentials-refreshed\",\"host\":\"web-1\","
                + "\"pid\":4242,\"app\":\"com.example.App\"}\n", stderrText());
    }

    @Test
    void thisJvmIsNamedByHostProcessIdAndMainClass() throws IOException {
        EventSink.forOption("stderr", new PrintStream(stderr, true), redactor, log, CLOCK).emit(Event.named("x"));
        JsonNode event = MAPPER.readTree(stderrText());
        assertEquals(ProcessHandle.current().pid(), event.get("pid").asLong());
        assertEquals(JvmIdentity.application(System.getProperty("sun.java.command")), event.get("app").asText());
        assertFalse(event.get("host").asText().isEmpty(), event.toString());
    }

    @Test
    void awkwardCharactersStayInsideOneValidLine() throws IOException {
        String awkward = "quote \" backslash \\ newline \n tab \t nul \u0000 unicode \u00e9\u2028 emoji \ud83d\ude00";
        toStderr(CLOCK).emit(Event.named("imds-error").with("message", awkward));
        String text = stderrText();
        assertEquals(1, text.split("\n", -1).length - 1, text);
        assertEquals(awkward, MAPPER.readTree(text).get("message").asText());
    }

    @Test
    void registeredSecretsNeverReachAnEventLine() throws IOException {
        redactor.register(SECRET_ACCESS_KEY);
        redactor.register(SESSION_TOKEN);
        toStderr(CLOCK).emit(Event.named("imds-error").withCaller("x " + SESSION_TOKEN)
                .with("message", "imds-agent: bad credentials " + SECRET_ACCESS_KEY + "/" + SESSION_TOKEN)
                .with(SECRET_ACCESS_KEY, "as a field name"));
        String text = stderrText();
        assertFalse(text.contains(SECRET_ACCESS_KEY), text);
        assertFalse(text.contains(SESSION_TOKEN), text);
        JsonNode event = MAPPER.readTree(text);
        assertEquals("x <redacted>", event.get("caller").asText());
        assertEquals("imds-agent: bad credentials <redacted>/<redacted>", event.get("message").asText());
        assertEquals("as a field name", event.get("<redacted>").asText());
    }

    @Test
    void secretLookingValuesAreRedactedUnregistered() throws IOException {
        toStderr(CLOCK).emit(Event.named("imds-error")
                .with("body", "{\"Code\" : \"Success\", \"SecretAccessKey\" : \"abc\", \"Token\" : \"def\"}"));
        assertEquals("{\"Code\" : \"Success\", \"SecretAccessKey\" : \"<redacted>\", \"Token\" : \"<redacted>\"}",
                MAPPER.readTree(stderrText()).get("body").asText());
    }

    @Test
    void fileIsAppendedToAcrossSinksAndNeverTruncated() throws IOException {
        Path file = directory.resolve("events.jsonl");
        Files.writeString(file, "{\"event\":\"from-before\"}\n");
        EventSink first = toFile(file);
        EventSink second = toFile(file);
        first.emit(Event.named("one"));
        second.emit(Event.named("two"));
        first.emit(Event.named("three"));

        List<String> names = new ArrayList<>();
        for (JsonNode event : parse(Files.readString(file))) {
            names.add(event.get("event").asText());
        }
        assertEquals(List.of("from-before", "one", "two", "three"), names);
        assertEquals("", logText());
    }

    @Test
    void theFileIsNotTouchedBeforeTheFirstEvent() {
        Path file = directory.resolve("lazy.jsonl");
        EventSink sink = toFile(file);
        assertFalse(Files.exists(file));
        sink.emit(Event.named("first"));
        assertTrue(Files.exists(file));
    }

    @Test
    void aMissingDirectoryIsReportedOnceAndEventsAreThenDropped() {
        Path file = directory.resolve("no-such-directory").resolve("events.jsonl");
        EventSink sink = toFile(file);
        assertDoesNotThrow(() -> {
            sink.emit(Event.named("one"));
            sink.emit(Event.named("two"));
        });
        String logText = logText();
        assertEquals(1, logText.lines().count(), logText);
        assertTrue(logText.startsWith("imds-agent: error: cannot open the events file " + file
                + "; events are off until restart; set the events option to a file in an existing, writable"
                + " directory: java.io.FileNotFoundException: "), logText);
        assertFalse(Files.exists(file.getParent()));
    }

    @Test
    void offWritesNothing() {
        EventSink sink = EventSink.forOption("off", new PrintStream(stderr, true), redactor, log, CLOCK);
        assertSame(EventSink.OFF, sink);
        sink.emit(Event.named("imdsv1-upgraded"));
        assertEquals("", stderrText());
    }

    @Test
    void aFailingOutputNeverThrowsAndIsReportedOnce() {
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        EventSink sink = new JsonLinesEventSink("/var/log/events.jsonl", () -> failing, redactor, log, CLOCK);
        assertDoesNotThrow(() -> {
            for (int i = 0; i < 3; i++) {
                sink.emit(Event.named("imdsv1-upgraded"));
            }
        });
        assertEquals("imds-agent: warning: cannot write events to /var/log/events.jsonl; events may be lost;"
                + " further failures are not reported: java.io.IOException: No space left on device"
                + System.lineSeparator(), logText());
    }

    @Test
    void aStderrInErrorIsReportedOnce() {
        PrintStream broken = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        });
        EventSink sink = EventSink.forOption("stderr", broken, redactor, log, CLOCK);
        assertDoesNotThrow(() -> {
            sink.emit(Event.named("one"));
            sink.emit(Event.named("two"));
        });
        assertEquals(1, logText().lines().count(), logText());
        assertTrue(logText().startsWith("imds-agent: warning: cannot write events to stderr;"), logText());
    }

    @Test
    void anOutputThatCannotOpenNeverThrows() {
        EventSink sink = new JsonLinesEventSink("x", () -> {
            throw new IllegalStateException("no");
        }, redactor, log, CLOCK);
        assertDoesNotThrow(() -> sink.emit(Event.named("one")));
        assertTrue(logText().startsWith("imds-agent: error: cannot open the events file x;"), logText());
    }

    @Test
    void linesFromManyThreadsDoNotInterleave() throws Exception {
        Path file = directory.resolve("busy.jsonl");
        EventSink sink = toFile(file);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        sink.emit(Event.named("imdsv1-upgraded").with("id", thread + "-" + i)
                                .with("padding", "p".repeat(500)));
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            threads.shutdownNow();
        }
        Set<String> ids = new HashSet<>();
        for (JsonNode event : parse(Files.readString(file))) {
            ids.add(event.get("id").asText());
        }
        assertEquals(1600, ids.size());
    }
}
