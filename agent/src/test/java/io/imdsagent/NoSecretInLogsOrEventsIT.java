package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.config.AgentConfig;
import io.imdsagent.config.LogLevel;
import io.imdsagent.events.AgentLog;
import io.imdsagent.events.EventSink;
import io.imdsagent.events.Redactor;
import io.imdsagent.imds.CredentialCache;
import io.imdsagent.imds.Credentials;
import io.imdsagent.imds.ImdsCore;
import io.imdsagent.imds.ImdsException;
import io.imdsagent.testapps.emulator.ImdsEmulator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Through rotations, malformed answers, IMDS-expired credentials and errors, at the most verbose log
 * level, no secret access key or session token that IMDS handed out reaches the log or the events.
 */
class NoSecretInLogsOrEventsIT {

    @Test
    void secretsNeverReachTheLogOrTheEvents() throws Exception {
        Path eventsFile = Files.createTempFile("imds-agent-events", ".jsonl");
        ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
        Set<String> secrets = new LinkedHashSet<>();
        try (ImdsEmulator emulator = ImdsEmulator.builder().mode(ImdsEmulator.Mode.REQUIRED)
                .credentialLifetime(Duration.ofSeconds(3)).rotationLead(Duration.ofMillis(1500)).build().start()) {
            AgentConfig config = AgentConfig.load("endpoint=" + emulator.baseUrl() + ",log=debug,events=" + eventsFile,
                    Map.of(), Map.of());
            Redactor redactor = new Redactor();
            PrintStream logStream = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
            AgentLog log = new AgentLog(logStream, LogLevel.DEBUG, redactor);
            EventSink events = EventSink.forOption(config.events(), logStream, redactor, log, Clock.systemUTC());
            CredentialCache cache = ImdsCore.create(config, redactor)
                    .newCache(1_000, new CredentialReporter(log, events));

            long end = System.currentTimeMillis() + 4_000;
            while (System.currentTimeMillis() < end) {
                remember(cache.get(), secrets);
                Thread.sleep(50);
            }
            emulator.malformedCredentials(true);
            Thread.sleep(2_500);
            emulator.malformedCredentials(false);
            emulator.expiredCredentials(true);
            Thread.sleep(2_000);
            try {
                remember(cache.get(), secrets);
            } catch (ImdsException e) {
                log.warn("caller saw", e);
            }
            remember(emulator.currentCredentials().secretAccessKey(), emulator.currentCredentials().sessionToken(),
                    secrets);
        }
        String logged = logBytes.toString(StandardCharsets.UTF_8);
        String evented = Files.readString(eventsFile);
        assertTrue(secrets.size() >= 6, "saw too few credentials to prove anything: " + secrets.size());
        assertTrue(evented.contains("credentials-refreshed"), evented);
        assertTrue(logged.contains("imds-agent:"), logged);
        for (String secret : secrets) {
            assertFalse(logged.contains(secret), "a secret reached the log:\n" + logged);
            assertFalse(evented.contains(secret), "a secret reached the events:\n" + evented);
        }
        Files.deleteIfExists(eventsFile);
    }

    private static void remember(Credentials credentials, Set<String> secrets) {
        remember(credentials.secretAccessKey(), credentials.sessionToken(), secrets);
    }

    private static void remember(String secret, String token, Set<String> secrets) {
        secrets.add(secret);
        secrets.add(token);
    }
}
