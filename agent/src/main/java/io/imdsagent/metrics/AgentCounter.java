package io.imdsagent.metrics;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the agent counts since the JVM started, one constant per attribute of the MBean. A decision point
 * calls {@code AgentCounter.IMDSV1_UPGRADED.increment()}: one uncontended atomic add, no allocation, no
 * JMX class touched. The counts are static because a JVM holds one agent (the bridge refuses a second).
 */
public enum AgentCounter {
    /** Requests the agent itself sent to IMDS (token PUTs included). */
    IMDS_REQUESTS,
    /** IMDSv2 token PUTs the agent sent. */
    TOKEN_REQUESTS,
    /** New instance credentials the cache took from IMDS. */
    CREDENTIAL_REFRESHES,
    IMDSV1_UPGRADED,
    IMDSV1_BLOCKED,
    IMDSV1_ALLOWED,
    SELF_ASSUME_BLOCKED,
    SELF_ASSUME_SHORT_CIRCUITED,
    SELF_ASSUME_ALLOWED,
    /** Requests to IMDS or a container credential endpoint refused as SSRF (forwarded, from an XML processor...). */
    SSRF_REFUSALS;

    // AtomicLong rather than LongAdder: these move a few times a minute, and LongAdder's striping is
    // pointless here while its class set-up (VarHandles) is not free in the JVMs the agent starts in.
    private final AtomicLong count = new AtomicLong();

    public void increment() {
        count.incrementAndGet();
    }

    public long count() {
        return count.get();
    }
}
