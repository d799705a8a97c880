package io.imdsagent.handler;

import io.imdsagent.adapters.ImdsClients;
import io.imdsagent.adapters.SdkV2DefaultChains;
import io.imdsagent.adapters.ServedClass;
import io.imdsagent.adapters.ServedClasses;
import io.imdsagent.bootstrap.Bridge;
import io.imdsagent.events.AgentLog;
import io.imdsagent.imds.AgentSocket;
import io.imdsagent.imds.CredentialSource;
import io.imdsagent.imds.ImdsException;
import io.imdsagent.metrics.PlatformServerRegistration;
import io.imdsagent.policy.ConnectionRules;
import io.imdsagent.relay.ConnectionGuard;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.SocketAddress;
import java.net.URL;
import java.net.URLConnection;
import java.time.Clock;

/**
 * What the bridge forwards to: SDK instance-profile providers get their credentials from the JVM's one
 * {@link CredentialSource}. When the source fails, the caller gets the SDK's own client exception, so
 * credential chains move on exactly as they would. Answers null, and the SDK runs its own code, for classes
 * the agent does not serve and when {@code AWS_EC2_METADATA_DISABLED=true}. STS AssumeRole calls go to the
 * {@link SelfAssumeGuard}, HTTP clients' requests (IMDSv1 calls among them) to {@link ImdsClients}, the JVM's
 * TCP connections to the {@link ConnectionGuard}, the bytes they write to the {@link ProxiedWriteGuard}. Each is built
 * at its first use, the credential source too: a JVM whose connections and requests never go to IMDS builds none of
 * them.
 */
public final class AgentHandler extends Bridge.Handler {
    private final OnFirstUse<? extends CredentialSource> source;
    private final boolean credentialsDisabled;
    private final OnFirstUse<ServedClasses> servedClasses;
    private final OnFirstUse<SdkV2DefaultChains> defaultChains;
    private final AgentLog log;
    private final Clock clock;
    // null only in handlers built by tests of the other concerns: then STS calls go on
    private final OnFirstUse<SelfAssumeGuard> selfAssume;
    // null only in handlers built by tests of the other concerns: then HTTP requests go as they are
    private final OnFirstUse<ImdsClients> imdsClients;
    // null when jmx=off, and in handlers built by tests of the other concerns
    private final PlatformServerRegistration mbean;
    // null only in handlers built by tests of the other concerns: then connections go where they were going
    private final ConnectionRules rules;
    private final OnFirstUse<ConnectionGuard> connections;
    // null only in handlers built by tests of the other concerns: then every write goes
    private final OnFirstUse<ProxiedWriteGuard> writes;

    /**
     * @param credentialsDisabled {@code AWS_EC2_METADATA_DISABLED=true}: the SDK's own code runs and says what it says
     * @param selfAssume what STS clients' AssumeRole calls are forwarded to
     * @param imdsClients what HTTP clients' requests (IMDSv1 calls among them) are forwarded to
     * @param rules which connections go to IMDS or a container endpoint: only those build the connection guard
     * @param connections what the JVM's TCP connections to IMDS and the container endpoints are decided by
     * @param writes what the JVM's TCP writes are checked by (request lines to a proxy asking for IMDS)
     * @param mbean what registers the agent's MBean once the platform MBean server exists; null for {@code jmx=off}
     */
    public AgentHandler(OnFirstUse<? extends CredentialSource> source, boolean credentialsDisabled,
                        OnFirstUse<SelfAssumeGuard> selfAssume, OnFirstUse<ImdsClients> imdsClients,
                        ConnectionRules rules, OnFirstUse<ConnectionGuard> connections,
                        OnFirstUse<ProxiedWriteGuard> writes, PlatformServerRegistration mbean, AgentLog log) {
        this(source, credentialsDisabled, log, Clock.systemUTC(), selfAssume, imdsClients, rules, connections, writes,
                mbean);
    }

    /** @param credentialsDisabled {@code AWS_EC2_METADATA_DISABLED=true}: the SDK's own code runs and says what it says */
    public AgentHandler(CredentialSource source, boolean credentialsDisabled, AgentLog log) {
        this(OnFirstUse.of(source), credentialsDisabled, log, Clock.systemUTC(), null, null, null, null, null, null);
    }

    AgentHandler(CredentialSource source, boolean credentialsDisabled, AgentLog log, Clock clock) {
        this(OnFirstUse.of(source), credentialsDisabled, log, clock, null, null, null, null, null, null);
    }

    private AgentHandler(OnFirstUse<? extends CredentialSource> source, boolean credentialsDisabled, AgentLog log,
                         Clock clock, OnFirstUse<SelfAssumeGuard> selfAssume, OnFirstUse<ImdsClients> imdsClients,
                         ConnectionRules rules, OnFirstUse<ConnectionGuard> connections,
                         OnFirstUse<ProxiedWriteGuard> writes, PlatformServerRegistration mbean) {
        this.selfAssume = selfAssume;
        this.writes = writes;
        this.mbean = mbean;
        this.imdsClients = imdsClients;
        this.rules = rules;
        this.connections = connections;
        this.source = source;
        this.credentialsDisabled = credentialsDisabled;
        this.servedClasses = new OnFirstUse<ServedClasses>() {
            @Override
            protected ServedClasses build() {
                return new ServedClasses(log);
            }
        };
        this.defaultChains = new OnFirstUse<SdkV2DefaultChains>() {
            @Override
            protected SdkV2DefaultChains build() {
                return new SdkV2DefaultChains(SdkV2DefaultChains.Settings.SYSTEM, log);
            }
        };
        this.log = log;
        this.clock = clock;
    }

    @Override
    protected Object instanceProfileCredentials(Object provider) {
        ServedClass served = served(provider);
        return served == null ? null : credentials(served);
    }

    /**
     * SDK v2's default chain, answered before it builds its providers where it would reach its instance-profile
     * provider. When IMDS fails, the chain runs after all: its instance-profile provider meets the same failure
     * (remembered, so at once), and the caller gets the chain's own exception naming every provider.
     */
    @Override
    protected Object defaultChainCredentials(Object chain) {
        ServedClass served = served(chain);
        if (served == null || !defaultChains.get().reachInstanceProfile(chain)) {
            return null;
        }
        Object answer = credentials(served);
        // the SDK's own exception for the agent's failure: the chain runs instead and says it in its own words
        return answer instanceof RuntimeException ? null : answer;
    }

    /** The SDK's credentials from the source, or the SDK's own exception for its failure; null to let the SDK run. */
    private Object credentials(ServedClass served) {
        try {
            return served.credentials(source.get().get());
        } catch (ImdsException e) {
            return failure(served, e);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return sdkRuns(served, e);
        }
    }

    @Override
    protected Object defaultChainClose(Object chain) {
        return chain != null && defaultChains.get().unbuiltAfterAnswering(chain) ? Boolean.TRUE : null;
    }

    @Override
    protected Object instanceProfileRefreshResult(Object provider) {
        ServedClass served = served(provider);
        if (served == null) {
            return null;
        }
        try {
            return served.refreshResult(source.get().get(), clock.millis());
        } catch (ImdsException e) {
            return failure(served, e);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return sdkRuns(served, e);
        }
    }

    /**
     * With {@code AWS_EC2_METADATA_DISABLED=true} no SDK signs with the instance credentials, so no call is a
     * self-assume: the guard is not asked, and neither is IMDS.
     */
    @Override
    protected Object assumeRole(Object client, Object request) {
        return selfAssume == null || credentialsDisabled ? null : selfAssume.get().assumeRole(client, request);
    }

    @Override
    protected void platformMBeanServer(Object server) {
        if (mbean != null) {
            mbean.serverReturned(server);
        }
    }

    @Override
    protected URLConnection imdsConnection(URL url, Proxy proxy) {
        return imdsClients == null ? null : imdsClients.get().connection(url, proxy);
    }

    @Override
    protected Object httpRequest(String client, Object request, Object context) {
        return imdsClients == null ? null : imdsClients.get().request(client, request, context);
    }

    @Override
    protected Object proxyChoice(String client, Object target, Object chosen) {
        return imdsClients == null ? chosen : imdsClients.get().proxyChoice(client, target, chosen);
    }

    @Override
    protected SocketAddress connectTarget(Object connector, SocketAddress target, String client) throws IOException {
        // only a connection to IMDS or a container endpoint builds the guard; the agent's own (its IMDS fetch) none
        ConnectionRules.Destination destination = connections == null || connector instanceof AgentSocket ? null
                : rules.classify(target);
        return destination == null ? target
                : connections.get().connectTarget((InetSocketAddress) target, destination, client);
    }

    @Override
    protected void checkOutgoing(Object writer, Object bytes, int offset, int length, String path) throws IOException {
        if (writes != null) {
            writes.get().check(bytes, offset, length, path);
        }
    }

    private ServedClass served(Object provider) {
        return credentialsDisabled || provider == null ? null : servedClasses.get().of(provider.getClass());
    }

    private Object failure(ServedClass served, ImdsException e) {
        try {
            return served.failure(e);
        } catch (ReflectiveOperationException | RuntimeException unexpected) {
            return sdkRuns(served, unexpected);
        }
    }

    // Reflection on an SDK copy (checked when its class was first seen, or at its first use for what the first
    // credentials do not need) should not fail; if it does, the SDK's own code is the safe answer.
    private Object sdkRuns(ServedClass served, Exception e) {
        log.warn("could not build credentials for " + served.name() + "; the SDK's own code runs", e);
        return null;
    }
}
