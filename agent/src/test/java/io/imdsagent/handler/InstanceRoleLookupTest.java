package io.imdsagent.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.config.AgentConfig;
import io.imdsagent.events.Redactor;
import io.imdsagent.imds.Deadline;
import io.imdsagent.imds.ImdsCore;
import io.imdsagent.imds.InstanceProfile;
import io.imdsagent.imds.InstanceRole;
import io.imdsagent.adapters.CapturedLog;
import io.imdsagent.testapps.emulator.ImdsEmulator;
import io.imdsagent.testapps.emulator.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The own role for the self-assume guard, from the emulator over a real socket. */
class InstanceRoleLookupTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00Z"));
    private final CapturedLog log = new CapturedLog();
    private ImdsEmulator emulator;
    private InstanceRoleLookup lookup;

    @BeforeEach
    void start() throws Exception {
        emulator = ImdsEmulator.builder().mode(ImdsEmulator.Mode.REQUIRED).role("S3Access").build().start();
        AgentConfig config = AgentConfig.load("endpoint=" + emulator.baseUrl() + ",attempts=1", Map.of(), Map.of());
        InstanceProfile profile = ImdsCore.create(config, new Redactor()).profile();
        lookup = new InstanceRoleLookup(profile, clock, log.log());
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void learnedOnceThenAnsweredWithoutImds() {
        InstanceRole role = lookup.get(Deadline.in(60_000));
        assertEquals("S3Access", role.roleName());
        assertEquals("aws", role.partition());
        assertEquals("123456789012", role.account());
        int asked = emulator.requests().size();
        for (int i = 0; i < 100; i++) {
            assertSame(role, lookup.get(Deadline.in(60_000)));
        }
        assertEquals(asked, emulator.requests().size());
    }

    @Test
    void aFailedLookupIsRememberedForAMinuteThenTriedAgain() {
        emulator.failNext(InstanceProfile.INFO_PATH, 404, 1);
        assertNull(lookup.get(Deadline.in(60_000)));
        assertTrue(lookup.whyUnknown().contains("404"), lookup.whyUnknown());
        assertTrue(log.text().contains("cannot learn the instance's own role"), log.text());
        int asked = emulator.requests().gets(InstanceProfile.INFO_PATH);

        clock.advance(Duration.ofMillis(InstanceRoleLookup.RETRY_AFTER_FAILURE_MILLIS - 1));
        assertNull(lookup.get(Deadline.in(60_000)));
        assertEquals(asked, emulator.requests().gets(InstanceProfile.INFO_PATH), "no request within the minute");

        clock.advance(Duration.ofMillis(1));
        assertEquals("S3Access", lookup.get(Deadline.in(60_000)).roleName());
        assertEquals(asked + 1, emulator.requests().gets(InstanceProfile.INFO_PATH));
    }
}
