package io.imdsagent;

import io.imdsagent.config.AgentConfig;
import io.imdsagent.config.LogLevel;
import io.imdsagent.events.AgentLog;
import io.imdsagent.events.Redactor;
import io.imdsagent.install.AgentInstaller;
import io.imdsagent.install.BridgeInjector;
import io.imdsagent.install.DeferredInstaller;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;

/**
 * Wires one agent into one JVM. At start only the class-load filter is registered; when the first class the
 * agent rewrites appears (at once, if one is loaded already) the rest comes in: the bridge, log, events, the
 * IMDSv2 core and its cache, the bridge handler, the weaver. A JVM that never loads such a
 * class pays for the filter alone.
 */
final class AgentRuntime implements DeferredInstaller.Activation {
    // guarded by AgentRuntime.class
    private static boolean started;

    private final AgentConfig config;
    private final Instrumentation instrumentation;
    private final Redactor redactor;
    private final AgentLog log;

    private AgentRuntime(AgentConfig config, Instrumentation instrumentation, Redactor redactor, AgentLog log) {
        this.config = config;
        this.instrumentation = instrumentation;
        this.redactor = redactor;
        this.log = log;
    }

    static void start(AgentConfig config, Instrumentation instrumentation, boolean atLaunch) {
        Redactor redactor = new Redactor();
        AgentLog log = new AgentLog(System.err, config.log(), redactor);
        synchronized (AgentRuntime.class) {
            if (started || BridgeInjector.alreadyInjected()) {
                log.info("already attached to this JVM; the second attach does nothing");
                return;
            }
            started = true;
        }
        AgentInstaller.install(instrumentation, new AgentRuntime(config, instrumentation, redactor, log));
        // A fleet puts the agent into every JVM through JAVA_TOOL_OPTIONS, where the JVM already says so
        // ("Picked up JAVA_TOOL_OPTIONS"): a line of our own from each would be noise in every tool's stderr.
        // An attach is one operator's act, whose target says it took.
        if (atLaunch) {
            if (log.enabled(LogLevel.DEBUG)) {
                log.debug("started: " + config);
            }
        } else {
            log.info("started: " + config);
        }
    }

    @Override
    public ClassFileTransformer activate() {
        try {
            if (!BridgeInjector.alreadyInjected()) {
                BridgeInjector.inject(instrumentation);
            }
            return ActiveAgent.wire(config, redactor, log);
        } catch (Throwable e) {
            // The agent must never take the application down with it.
            System.err.println("imds-agent: could not start (" + e + "); the application runs without imds-agent");
            return null;
        }
    }
}
