package io.imdsagent.events;

import static io.imdsagent.events.RedactorTest.SECRET_ACCESS_KEY;
import static io.imdsagent.events.RedactorTest.SESSION_TOKEN;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.config.LogLevel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class AgentLogTest {
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Redactor redactor = new Redactor();

    private AgentLog log(LogLevel level) {
        return new AgentLog(new PrintStream(stderr, true), level, redactor);
    }

    private String written() {
        return stderr.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    private static void logAtEveryLevel(AgentLog log) {
        log.error("e");
        log.warn("w");
        log.info("i");
        log.debug("d");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "OFF|''",
            "ERROR|imds-agent: error: e\\n",
            "WARN|imds-agent: error: e\\nimds-agent: warning: w\\n",
            "INFO|imds-agent: error: e\\nimds-agent: warning: w\\nimds-agent: i\\n",
            "DEBUG|imds-agent: error: e\\nimds-agent: warning: w\\nimds-agent: i\\nimds-agent: debug: d\\n",
    })
    void theConfiguredLevelFiltersAndEveryLineIsPrefixed(LogLevel level, String expected) {
        logAtEveryLevel(log(level));
        assertEquals(expected.replace("\\n", "\n"), written());
    }

    @Test
    void enabledTellsWhetherALevelIsWritten() {
        AgentLog log = log(LogLevel.WARN);
        assertTrue(log.enabled(LogLevel.ERROR));
        assertTrue(log.enabled(LogLevel.WARN));
        assertFalse(log.enabled(LogLevel.INFO));
    }

    @Test
    void throwableIsOneLineWithItsCausesBelowDebug() {
        IOException error = new IOException("token request failed", new ConnectException("Connection refused"));
        log(LogLevel.INFO).warn("cannot reach IMDS", error);
        assertEquals("imds-agent: warning: cannot reach IMDS: java.io.IOException: token request failed;"
                + " caused by java.net.ConnectException: Connection refused\n", written());
    }

    @Test
    void throwableWithoutMessageShowsItsClass() {
        log(LogLevel.INFO).error("failed", new IllegalStateException());
        assertEquals("imds-agent: error: failed: java.lang.IllegalStateException\n", written());
    }

    @Test
    void causeCycleEnds() {
        Exception first = new Exception("first");
        Exception second = new Exception("second", first);
        first.initCause(second);
        log(LogLevel.INFO).error("loop", first);
        assertEquals(1, written().lines().count());
    }

    @Test
    void debugLevelAddsTheStackTraceEveryLinePrefixed() {
        log(LogLevel.DEBUG).warn("cannot reach IMDS", new IOException("boom"));
        String[] lines = written().split("\n");
        assertEquals("imds-agent: warning: cannot reach IMDS: java.io.IOException: boom", lines[0]);
        assertEquals("imds-agent: java.io.IOException: boom", lines[1]);
        assertTrue(lines[2].startsWith("imds-agent: \tat io.imdsagent.events.AgentLogTest."), lines[2]);
        for (String line : lines) {
            assertTrue(line.startsWith("imds-agent: "), line);
        }
    }

    @Test
    void aMultiLineMessageCannotForgeAnUnprefixedLine() {
        log(LogLevel.INFO).info("first\nsecond\r\nthird");
        assertEquals("imds-agent: first\nimds-agent: second\nimds-agent: third\n", written());
    }

    @ParameterizedTest
    @EnumSource(value = LogLevel.class, names = {"INFO", "DEBUG"})
    void registeredSecretsNeverReachALine(LogLevel level) {
        redactor.register(SECRET_ACCESS_KEY);
        redactor.register(SESSION_TOKEN);
        AgentLog log = log(level);
        log.info("credentials " + SECRET_ACCESS_KEY);
        log.warn("refresh failed", new IllegalStateException("bad token " + SESSION_TOKEN,
                new IOException("key " + SECRET_ACCESS_KEY)));
        log.error("parse error in {\"Token\" : \"" + SESSION_TOKEN + "\"}", new RuntimeException(SESSION_TOKEN));
        String written = written();
        assertFalse(written.contains(SECRET_ACCESS_KEY), written);
        assertFalse(written.contains(SESSION_TOKEN), written);
        assertTrue(written.contains("imds-agent: credentials <redacted>"), written);
        assertTrue(written.contains("bad token <redacted>; caused by java.io.IOException: key <redacted>"), written);
    }

    @Test
    void unregisteredSecretsInKnownFormsNeverReachALine() {
        log(LogLevel.INFO).warn("IMDS said {\"SecretAccessKey\" : \"abc/def\"}",
                new IOException("headers {X-aws-ec2-metadata-token=[AQAEtoken]}"));
        assertEquals("imds-agent: warning: IMDS said {\"SecretAccessKey\" : \"<redacted>\"}: java.io.IOException:"
                + " headers {X-aws-ec2-metadata-token=[<redacted>]}\n", written());
    }

    @Test
    void aBrokenStderrDoesNotThrow() {
        PrintStream throwing = new PrintStream(OutputStream.nullOutputStream()) {
            @Override
            public void print(String s) {
                throw new IllegalStateException("closed");
            }
        };
        PrintStream failing = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("broken pipe");
            }
        });
        for (PrintStream out : new PrintStream[] {throwing, failing}) {
            AgentLog log = new AgentLog(out, LogLevel.DEBUG, redactor);
            assertDoesNotThrow(() -> log.error("still running", new IOException("x")));
        }
    }
}
