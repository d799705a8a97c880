package io.imdsagent.policy;

/** What happens to one {@code sts:AssumeRole} call, and the event that reports it (none for another role). */
public enum SelfAssumeDecision {
    /** Another role: the call goes on, unreported. */
    OTHER_ROLE(null),
    /** The instance's own role cannot be known now (IMDS unreachable): the call goes on, reported. */
    OWN_ROLE_UNKNOWN("self-assume-unchecked"),
    /** The own role, unscoped, but the client signs with other credentials than the instance's: goes on. */
    OTHER_PRINCIPAL(null),
    /** The own role, unscoped, and the client's credentials cannot be told (they fail to resolve): goes on, reported. */
    PRINCIPAL_UNKNOWN("self-assume-unchecked"),
    /** The own role with a session policy, policy ARNs, tags or a source identity: meaningful, goes on. */
    SCOPED("self-assume-allowed"),
    /** The own role, unscoped, with {@code self-assume=allow}: goes on. */
    ALLOWED("self-assume-allowed"),
    /** The own role, unscoped, with {@code self-assume=block}: refused before any request leaves. */
    BLOCKED("self-assume-blocked"),
    /** The own role, unscoped, with {@code self-assume=short-circuit}: answered with the instance credentials. */
    SHORT_CIRCUITED("self-assume-short-circuited");

    private final String eventName;

    SelfAssumeDecision(String eventName) {
        this.eventName = eventName;
    }

    /** The event's name; null when the call is not reported. */
    public String eventName() {
        return eventName;
    }
}
