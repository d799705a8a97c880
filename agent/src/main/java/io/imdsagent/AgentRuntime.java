package io.imdsagent;

import io.imdsagent.bootstrap.Bridge;
import io.imdsagent.config.AgentConfig;
import io.imdsagent.events.AgentLog;
import io.imdsagent.events.EventSink;
import io.imdsagent.events.Redactor;
import io.imdsagent.imds.CredentialCache;
import io.imdsagent.imds.ImdsCore;
import io.imdsagent.install.AgentHandler;
import io.imdsagent.install.AgentInstaller;
import java.lang.instrument.Instrumentation;
import java.time.Clock;

/**
 * Wires one agent into one JVM: log, events, the IMDSv2 core and its cache, the bridge handler,
 * then the transformations. Loaded only after the bridge is on the bootstrap class path.
 */
final class AgentRuntime {

    private AgentRuntime() {
    }

    static void start(AgentConfig config, Instrumentation instrumentation) {
        Redactor redactor = new Redactor();
        AgentLog log = new AgentLog(System.err, config.log(), redactor);
        EventSink events = EventSink.forOption(config.events(), System.err, redactor, log, Clock.systemUTC());
        ImdsCore core = ImdsCore.create(config, redactor);
        CredentialCache cache = core.newCache(config.refreshAheadMillis(), new CredentialReporter(log, events));
        if (!Bridge.install(new AgentHandler(cache, config.credentialsDisabled(), log))) {
            log.info("already attached to this JVM; the second attach does nothing");
            return;
        }
        AgentInstaller.install(instrumentation, log);
        log.info("started: " + config);
    }
}
