package io.imdsagent.imds;

import io.imdsagent.config.AgentConfig;
import io.imdsagent.events.Redactor;
import java.time.Clock;
import java.util.Random;

/**
 * The agent's way to IMDS as the options describe it: transport, retries, token session and instance
 * profile. The agent puts one {@link CredentialCache} on top; {@code check} uses the profile directly.
 */
public final class ImdsCore {
    private final ImdsTransport plainTransport;
    private final InstanceProfile profile;

    private ImdsCore(ImdsTransport plainTransport, InstanceProfile profile) {
        this.plainTransport = plainTransport;
        this.profile = profile;
    }

    /** Builds the core; sends nothing until something asks. */
    public static ImdsCore create(AgentConfig config, Redactor redactor) {
        ImdsTransport plain = new HttpImdsTransport(config.endpoint(), config.timeoutMillis());
        ImdsTransport retrying = new RetryingTransport(plain, config.attempts(), Sleeper.REAL, new Random());
        TokenSession session = new TokenSession(retrying, config.tokenTtlSeconds(), Clock.systemUTC());
        return new ImdsCore(plain, new InstanceProfile(session, redactor, config.timeoutMillis() * config.attempts()));
    }

    /** The JVM's credential cache over this core, refreshing on one daemon thread and watching expiry on another. */
    public CredentialCache newCache(long refreshAheadMillis, CredentialEvents events) {
        return new CredentialCache(profile, refreshAheadMillis, Clock.systemUTC(),
                new RefreshScheduler.DaemonThread("imds-agent-refresh"),
                new RefreshScheduler.DaemonThread("imds-agent-expiry-watchdog"), new Random(), events);
    }

    /** The transport below retries and tokens, for {@code check}'s one diagnostic request. */
    public ImdsTransport plainTransport() {
        return plainTransport;
    }

    public InstanceProfile profile() {
        return profile;
    }
}
