package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.imdsagent.config.LogLevel;
import io.imdsagent.events.AgentLog;
import io.imdsagent.events.EventSink;
import io.imdsagent.events.Redactor;
import io.imdsagent.imds.Credentials;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A rotation is said where the log or the events want it, with its expiry; where neither does, nothing is built. */
class CredentialReporterTest {
    private static final Credentials CREDENTIALS = new Credentials("ASIAREPORTED", "reported-secret", "reported-token",
            1_796_000_000_000L, 1_795_990_000_000L);

    @Test
    void aRotationIsLoggedAtDebugWithItsExpiry() {
        assertEquals("imds-agent: debug: credentials refreshed: ASIAREPORTED, expire 2026-11-30T00:53:20Z\n",
                reported(LogLevel.DEBUG));
    }

    @Test
    void atInfoWithEventsOffNothingIsSaid() {
        assertEquals("", reported(LogLevel.INFO));
    }

    private static String reported(LogLevel level) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(out, true, StandardCharsets.UTF_8);
        new CredentialReporter(new AgentLog(stream, level, new Redactor()), EventSink.OFF).refreshed(CREDENTIALS);
        return out.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }
}
