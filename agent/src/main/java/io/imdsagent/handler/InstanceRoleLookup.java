package io.imdsagent.handler;

import io.imdsagent.events.AgentLog;
import io.imdsagent.imds.Deadline;
import io.imdsagent.imds.ImdsException;
import io.imdsagent.imds.InstanceProfile;
import io.imdsagent.imds.InstanceRole;
import java.time.Clock;

/**
 * The instance's own role for the self-assume guard. Once learned it is one volatile read (the profile keeps
 * it, and forgets it when IMDS names another role). A failed lookup is remembered for a minute, so that while
 * IMDS is unreachable STS calls go on at once instead of each waiting out IMDS timeouts; lookups are
 * single-flight.
 */
final class InstanceRoleLookup {
    static final long RETRY_AFTER_FAILURE_MILLIS = 60_000;

    private final InstanceProfile profile;
    private final Clock clock;
    private final AgentLog log;
    private final Object lookupLock = new Object();
    private volatile String whyUnknown = "not looked up yet";
    // guarded by lookupLock
    private long retryAt = Long.MIN_VALUE;

    InstanceRoleLookup(InstanceProfile profile, Clock clock, AgentLog log) {
        this.profile = profile;
        this.clock = clock;
        this.log = log;
    }

    /**
     * The own role, or null while it cannot be known; asks IMDS only when not known and not failed lately, waiting
     * on it at most until {@code deadline}.
     */
    InstanceRole get(Deadline deadline) {
        InstanceRole known = profile.knownInstanceRole();
        if (known != null) {
            return known;
        }
        // A caller waiting here waits for the lookup in flight, which began before and ends by its own deadline of
        // the same length, and then finds the role known or the failure remembered.
        synchronized (lookupLock) {
            known = profile.knownInstanceRole();
            long now = clock.millis();
            if (known != null || now < retryAt) {
                return known;
            }
            try {
                return profile.instanceRole(deadline);
            } catch (ImdsException e) {
                retryAt = now + RETRY_AFTER_FAILURE_MILLIS;
                whyUnknown = e.getMessage();
                log.warn("cannot learn the instance's own role, so sts:AssumeRole calls go on unchecked; asking"
                        + " IMDS again in " + RETRY_AFTER_FAILURE_MILLIS / 1000 + "s at the earliest", e);
                return null;
            }
        }
    }

    /** Why {@link #get()} last answered null: the IMDS failure's message. */
    String whyUnknown() {
        return whyUnknown;
    }
}
