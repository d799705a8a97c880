package io.imdsagent.metrics;

/**
 * The read-only attributes of {@code io.imdsagent:type=Agent} (a standard MBean: JMX takes the attribute
 * names from these getters). Counts are since the JVM started. Nothing here may ever hold a secret.
 */
public interface AgentStatusMBean {
    long getImdsRequests();

    long getTokenRequests();

    long getCredentialRefreshes();

    long getImdsV1Upgraded();

    long getImdsV1Blocked();

    long getImdsV1Allowed();

    long getSelfAssumeBlocked();

    long getSelfAssumeShortCircuited();

    long getSelfAssumeAllowed();

    long getSsrfRefusals();

    /** Whole seconds until the cached instance credentials expire; 0 once expired; -1 while none are cached. */
    long getCredentialSecondsLeft();

    /** The options in force, as {@code key=value} pairs on one line. */
    String getOptions();
}
