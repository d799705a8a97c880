package io.imdsagent.metrics;

import io.imdsagent.config.AgentConfig;
import io.imdsagent.imds.CredentialCache;
import io.imdsagent.imds.Credentials;
import java.time.Clock;
import java.util.function.Supplier;

/** The MBean's values, read when asked: the counters, the cache's credentials' expiry, the options. */
public final class AgentStatus implements AgentStatusMBean {
    private final AgentConfig config;
    private final Supplier<CredentialCache> cache;
    private final Clock clock;

    /**
     * @param cache whose credentials' life is shown, read without ever calling IMDS; built at the first read if the
     *     application has asked for no credentials yet
     */
    public AgentStatus(AgentConfig config, Supplier<CredentialCache> cache, Clock clock) {
        this.config = config;
        this.cache = cache;
        this.clock = clock;
    }

    @Override
    public long getImdsRequests() {
        return AgentCounter.IMDS_REQUESTS.count();
    }

    @Override
    public long getTokenRequests() {
        return AgentCounter.TOKEN_REQUESTS.count();
    }

    @Override
    public long getCredentialRefreshes() {
        return AgentCounter.CREDENTIAL_REFRESHES.count();
    }

    @Override
    public long getImdsV1Upgraded() {
        return AgentCounter.IMDSV1_UPGRADED.count();
    }

    @Override
    public long getImdsV1Blocked() {
        return AgentCounter.IMDSV1_BLOCKED.count();
    }

    @Override
    public long getImdsV1Allowed() {
        return AgentCounter.IMDSV1_ALLOWED.count();
    }

    @Override
    public long getSelfAssumeBlocked() {
        return AgentCounter.SELF_ASSUME_BLOCKED.count();
    }

    @Override
    public long getSelfAssumeShortCircuited() {
        return AgentCounter.SELF_ASSUME_SHORT_CIRCUITED.count();
    }

    @Override
    public long getSelfAssumeAllowed() {
        return AgentCounter.SELF_ASSUME_ALLOWED.count();
    }

    @Override
    public long getSsrfRefusals() {
        return AgentCounter.SSRF_REFUSALS.count();
    }

    @Override
    public long getCredentialSecondsLeft() {
        Credentials current = cache.get().peek();
        if (current == null) {
            return -1;
        }
        return Math.max(0, (current.expirationMillis() - clock.millis()) / 1000);
    }

    @Override
    public String getOptions() {
        return config.toString();
    }

    @Override
    public String toString() {
        return "io.imdsagent:type=Agent (" + config + ")";
    }
}
