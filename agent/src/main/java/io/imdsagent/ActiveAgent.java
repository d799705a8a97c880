package io.imdsagent;

import io.imdsagent.adapters.ImdsClients;
import io.imdsagent.bootstrap.Bridge;
import io.imdsagent.config.AgentConfig;
import io.imdsagent.config.JmxMode;
import io.imdsagent.events.AgentLog;
import io.imdsagent.events.EventSink;
import io.imdsagent.events.Redactor;
import io.imdsagent.handler.AgentHandler;
import io.imdsagent.handler.FirstCallHandler;
import io.imdsagent.handler.OnFirstUse;
import io.imdsagent.handler.ProxiedWriteGuard;
import io.imdsagent.handler.SelfAssumeGuard;
import io.imdsagent.imds.CredentialCache;
import io.imdsagent.imds.ImdsCore;
import io.imdsagent.install.AgentInstaller;
import io.imdsagent.metrics.AgentStatus;
import io.imdsagent.metrics.PlatformServerRegistration;
import io.imdsagent.policy.CallSiteEvents;
import io.imdsagent.policy.CallerFinder;
import io.imdsagent.policy.ConnectionRules;
import io.imdsagent.policy.ImdsAddresses;
import io.imdsagent.policy.ImdsV1Gate;
import io.imdsagent.policy.ImdsV2Answers;
import io.imdsagent.policy.ProxiedRequestLine;
import io.imdsagent.relay.ConnectionGuard;
import io.imdsagent.relay.ImdsRelay;
import java.lang.instrument.ClassFileTransformer;
import java.time.Clock;

/**
 * The agent once active: the bridge handler (which builds the IMDS core, its cache, events and guards at the
 * first call through the bridge), then the weaver. Loaded only after the bridge is in the
 * bootstrap loader, since it refers to it.
 */
final class ActiveAgent {

    private ActiveAgent() {
    }

    /** @return the transformer that rewrites the targets, or null when another agent owns the bridge */
    static ClassFileTransformer wire(final AgentConfig config, final Redactor redactor, final AgentLog log) {
        FirstCallHandler handler = new FirstCallHandler(new OnFirstUse<AgentHandler>() {
            @Override
            protected AgentHandler build() {
                return handler(config, redactor, log);
            }
        });
        if (!Bridge.install(handler)) {
            log.info("already attached to this JVM; the second attach does nothing");
            return null;
        }
        ClassFileTransformer rewriter = AgentInstaller.rewriter(log);
        log.debug("active: a class it rewrites has loaded");
        return rewriter;
    }

    /**
     * The agent's handler; built at the first call through the bridge, with events. Every other part is built at
     * its own first use: the IMDS core and its cache at the first credentials (or the first decision that needs
     * them), the self-assume guard at the first STS call, the IMDSv1 gate at the first request for IMDS, the
     * connection guard at the first connection to IMDS or a container endpoint.
     */
    static AgentHandler handler(final AgentConfig config, final Redactor redactor, final AgentLog log) {
        final EventSink events = EventSink.forOption(config.events(), System.err, redactor, log, Clock.systemUTC());
        final OnFirstUse<ImdsCore> core = new OnFirstUse<ImdsCore>() {
            @Override
            protected ImdsCore build() {
                return ImdsCore.create(config, redactor);
            }
        };
        final OnFirstUse<CredentialCache> cache = new OnFirstUse<CredentialCache>() {
            @Override
            protected CredentialCache build() {
                return core.get().newCache(config.refreshAheadMillis(), new CredentialReporter(log, events));
            }
        };
        final OnFirstUse<CallerFinder> callers = new OnFirstUse<CallerFinder>() {
            @Override
            protected CallerFinder build() {
                return new CallerFinder();
            }
        };
        final OnFirstUse<ImdsV1Gate> imdsV1 = new OnFirstUse<ImdsV1Gate>() {
            @Override
            protected ImdsV1Gate build() {
                return new ImdsV1Gate(config.imdsv1(), new ImdsAddresses(config.endpointHost(), config.endpointPort()),
                        new ImdsV2Answers(core, cache), callers.get(),
                        new CallSiteEvents(events, log, Clock.systemUTC()));
            }
        };
        OnFirstUse<SelfAssumeGuard> selfAssume = new OnFirstUse<SelfAssumeGuard>() {
            @Override
            protected SelfAssumeGuard build() {
                return new SelfAssumeGuard(config.selfAssume(), core.get().profile(), cache.get(), events, log);
            }
        };
        OnFirstUse<ImdsClients> clients = new OnFirstUse<ImdsClients>() {
            @Override
            protected ImdsClients build() {
                return new ImdsClients(imdsV1.get(), log);
            }
        };
        final ConnectionRules rules = new ConnectionRules(config.endpointHost(), config.endpointPort());
        OnFirstUse<ConnectionGuard> connections = new OnFirstUse<ConnectionGuard>() {
            @Override
            protected ConnectionGuard build() {
                return new ConnectionGuard(imdsV1.get(), callers.get(),
                        new ImdsRelay(imdsV1.get(), config.timeoutMillis()));
            }
        };
        OnFirstUse<ProxiedWriteGuard> writes = new OnFirstUse<ProxiedWriteGuard>() {
            @Override
            protected ProxiedWriteGuard build() {
                return new ProxiedWriteGuard(new ProxiedRequestLine(new ImdsAddresses(config.endpointHost(),
                        config.endpointPort())), imdsV1);
            }
        };
        PlatformServerRegistration mbean = config.jmx() == JmxMode.ON ? registration(config, cache, log) : null;
        AgentHandler handler = new AgentHandler(cache, config.credentialsDisabled(), selfAssume, clients, rules,
                connections, writes, mbean, log);
        if (mbean != null) {
            mbean.registerIfServerExists();
        }
        return handler;
    }

    /** Apart, so that with {@code jmx=off} no class of the MBean loads. */
    private static PlatformServerRegistration registration(AgentConfig config, OnFirstUse<CredentialCache> cache,
                                                           AgentLog log) {
        return new PlatformServerRegistration(new AgentStatus(config, cache, Clock.systemUTC()), log);
    }
}
