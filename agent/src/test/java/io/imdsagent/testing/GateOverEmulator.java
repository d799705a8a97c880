package io.imdsagent.testing;

import io.imdsagent.config.AgentConfig;
import io.imdsagent.config.ConfigException;
import io.imdsagent.config.ImdsV1Mode;
import io.imdsagent.events.AgentLog;
import io.imdsagent.events.EventSink;
import io.imdsagent.events.Redactor;
import io.imdsagent.imds.CredentialCache;
import io.imdsagent.imds.CredentialSource;
import io.imdsagent.imds.ImdsCore;
import io.imdsagent.policy.CallSiteEvents;
import io.imdsagent.policy.CallerFinder;
import io.imdsagent.policy.ImdsAddresses;
import io.imdsagent.policy.ImdsV1Gate;
import io.imdsagent.policy.ImdsV2Answers;
import io.imdsagent.testapps.emulator.ImdsEmulator;
import java.net.URI;
import java.time.Clock;
import java.util.Map;

/** The IMDSv1 gate wired as the agent wires it, over the agent's real IMDSv2 core aimed at an emulator. */
public final class GateOverEmulator {
    private GateOverEmulator() {
    }

    /**
     * The agent's IMDSv2 core aimed at the emulator, with default options but a 10 s timeout: the default 1 s is
     * for a real IMDS, and an emulator in this JVM on a loaded machine can take that long to answer while a test
     * waits for an answer, not a timeout (a hang still fails, after 3 attempts).
     */
    public static ImdsCore core(ImdsEmulator emulator) throws ConfigException {
        return ImdsCore.create(AgentConfig.load("endpoint=" + emulator.baseUrl() + ",timeout=10s", Map.of(), Map.of()),
                new Redactor());
    }

    /** The core's credential cache, refreshing 15 minutes ahead, reporting nothing. */
    public static CredentialCache cache(ImdsCore core) {
        return core.newCache(15 * 60_000, new NoCredentialEvents());
    }

    public static ImdsV1Gate gate(ImdsV1Mode mode, ImdsEmulator emulator, ImdsCore core, CredentialSource credentials,
                                  EventSink events, AgentLog log) {
        URI endpoint = URI.create(emulator.baseUrl());
        return new ImdsV1Gate(mode, new ImdsAddresses(endpoint.getHost(), endpoint.getPort()),
                new ImdsV2Answers(() -> core, () -> credentials), new CallerFinder(),
                new CallSiteEvents(events, log, Clock.systemUTC()));
    }
}
