package io.imdsagent.testing;

import io.imdsagent.config.ImdsV1Mode;
import io.imdsagent.events.AgentLog;
import io.imdsagent.events.EventSink;
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

/** The IMDSv1 gate wired as the agent wires it, over the agent's real IMDSv2 core aimed at an emulator. */
public final class GateOverEmulator {
    private GateOverEmulator() {
    }

    public static ImdsV1Gate gate(ImdsV1Mode mode, ImdsEmulator emulator, ImdsCore core, CredentialSource credentials,
                                  EventSink events, AgentLog log) {
        URI endpoint = URI.create(emulator.baseUrl());
        return new ImdsV1Gate(mode, new ImdsAddresses(endpoint.getHost(), endpoint.getPort()),
                new ImdsV2Answers(core.profile(), credentials), new CallerFinder(),
                new CallSiteEvents(events, log, Clock.systemUTC()));
    }
}
