package io.imdsagent.handler;

import io.imdsagent.config.LogLevel;
import io.imdsagent.config.SelfAssumeMode;
import io.imdsagent.events.AgentLog;
import io.imdsagent.events.Event;
import io.imdsagent.events.EventSink;
import io.imdsagent.imds.CredentialSource;
import io.imdsagent.imds.Credentials;
import io.imdsagent.imds.Deadline;
import io.imdsagent.imds.ImdsException;
import io.imdsagent.imds.InstanceProfile;
import io.imdsagent.imds.InstanceRole;
import io.imdsagent.adapters.GuardedStsClass;
import io.imdsagent.adapters.GuardedStsClasses;
import io.imdsagent.metrics.AgentCounter;
import io.imdsagent.policy.AssumeRoleCall;
import io.imdsagent.policy.CallSite;
import io.imdsagent.policy.CallerFinder;
import io.imdsagent.policy.SelfAssumeDecision;
import io.imdsagent.policy.SelfAssumeRule;
import io.imdsagent.policy.SigningPrincipal;
import java.lang.reflect.InvocationTargetException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code Bridge.assumeRole} forwards to: reads the STS client's request, asks the {@link SelfAssumeRule}
 * with the instance's own role and, for a call of that role, who signs it (the access key id of the client's
 * own credentials provider against the instance credentials'), reports the decision with its caller, and
 * answers as it says: nothing (the call goes on), the SDK's client exception (block), or the instance
 * credentials as the SDK's AssumeRole result (short-circuit). Never throws: a failure of its own lets the call
 * go on.
 */
public final class SelfAssumeGuard {
    // skips the JDK, the agent and the AWS SDKs (relocated copies too)
    private static final CallerFinder CALLERS = new CallerFinder();

    private final SelfAssumeRule rule;
    private final InstanceProfile profile;
    private final InstanceRoleLookup ownRole;
    private final CredentialSource credentials;
    private final GuardedStsClasses clients;
    private final EventSink events;
    private final AgentLog log;
    // Each kind of decision is logged once at its level (then at debug); every one is an event.
    private final Set<SelfAssumeDecision> logged =
            Collections.newSetFromMap(new ConcurrentHashMap<SelfAssumeDecision, Boolean>());
    // The instance's access key ids last compared with, newest first. After a rotation an SDK v2 client may
    // sign with the previous one for up to a minute (its own cache prefetches at most a minute apart), and
    // that key is the instance's as much as the new one.
    private volatile String[] instanceKeyIds = new String[2];

    public SelfAssumeGuard(SelfAssumeMode mode, InstanceProfile profile, CredentialSource credentials,
                           EventSink events, AgentLog log) {
        this.rule = new SelfAssumeRule(mode);
        this.profile = profile;
        this.ownRole = new InstanceRoleLookup(profile, Clock.systemUTC(), log);
        this.credentials = credentials;
        this.clients = new GuardedStsClasses(log);
        this.events = events;
        this.log = log;
    }

    /** See {@code Bridge.assumeRole}: null to go on, the client's answer, or the SDK exception to throw. */
    public Object assumeRole(Object client, Object request) {
        GuardedStsClass guarded = client == null || request == null ? null : clients.of(client.getClass());
        if (guarded == null) {
            return null;
        }
        try {
            AssumeRoleCall call = guarded.call(request);
            // One wait on IMDS for the whole check: the own role, and the instance credentials it compares with.
            Deadline deadline = profile.newDeadline();
            InstanceRole role = ownRole.get(deadline);
            ClientSigner signer = new ClientSigner(guarded, client, request, deadline);
            SelfAssumeDecision decision = rule.decide(call, role, signer);
            if (decision == SelfAssumeDecision.OTHER_ROLE) {
                return null;
            }
            if (decision == SelfAssumeDecision.OTHER_PRINCIPAL) {
                if (log.enabled(LogLevel.DEBUG)) {
                    log.debug("sts:AssumeRole of " + call.roleArn() + " is signed by " + signer.accessKeyId
                            + ", not the instance credentials: another principal, the call goes on");
                }
                return null;
            }
            Event event = event(decision.eventName(), guarded, call, CALLERS.find());
            switch (decision) {
                case OWN_ROLE_UNKNOWN:
                    return goesOn(decision, event.with("reason", "instance role unknown: " + ownRole.whyUnknown()));
                case PRINCIPAL_UNKNOWN:
                    return goesOn(decision, event.with("reason", "signing principal unknown: " + signer.whyUnknown));
                case SCOPED:
                    return goesOn(decision, event.with("reason", "carries " + String.join(", ", call.scoping())));
                case ALLOWED:
                    return goesOn(decision, event.with("reason", "self-assume=allow"));
                case SHORT_CIRCUITED:
                    return shortCircuit(guarded, call, role, event, deadline);
                default:
                    return block(guarded, refusal(call.roleArn(), role), event);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("could not check sts:AssumeRole of " + guarded.name() + "; the call goes on", e);
            return null;
        }
    }

    private Object goesOn(SelfAssumeDecision decision, Event event) {
        if (decision != SelfAssumeDecision.OWN_ROLE_UNKNOWN) {
            AgentCounter.SELF_ASSUME_ALLOWED.increment();
        }
        events.emit(event);
        if (log.enabled(LogLevel.DEBUG)) {
            log.debug(decision.eventName() + ": " + event.fields());
        }
        return null;
    }

    private static Event event(String name, GuardedStsClass guarded, AssumeRoleCall call, CallSite site) {
        return Event.named(name).withCaller(site.caller())
                .with("roleArn", call.roleArn()).with("roleSessionName", call.sessionName())
                .with("client", guarded.name()).with("jar", site.jar() == null ? null : site.jar().path());
    }

    private Object block(GuardedStsClass guarded, String why, Event event) throws ReflectiveOperationException {
        AgentCounter.SELF_ASSUME_BLOCKED.increment();
        events.emit(event);
        if (logged.add(SelfAssumeDecision.BLOCKED)) {
            log.warn(why + " (caller " + event.caller() + "; further refusals are logged at debug)");
        } else {
            log.debug(why + " (caller " + event.caller() + ")");
        }
        return guarded.refusal("imds-agent: " + why);
    }

    private Object shortCircuit(GuardedStsClass guarded, AssumeRoleCall call, InstanceRole role, Event event,
                                Deadline deadline) throws ReflectiveOperationException {
        Credentials served;
        try {
            served = credentials.get(deadline);
        } catch (ImdsException e) {
            // No request may leave, and the credentials that would answer cannot be had now.
            String why = "refused sts:AssumeRole of " + call.roleArn() + ": " + role.roleName() + " is this"
                    + " instance's own role (self-assume=short-circuit), and the instance credentials that would"
                    + " answer it cannot be had now: " + e.getMessage().substring("imds-agent: ".length());
            Event refused = event(SelfAssumeDecision.BLOCKED.eventName(), guarded, call, CALLERS.find());
            return block(guarded, why, refused.with("reason", "instance credentials unavailable"));
        }
        String session = call.sessionName() == null ? "" : call.sessionName();
        String assumedRoleArn = "arn:" + role.partition() + ":sts::" + role.account() + ":assumed-role/"
                + role.roleName() + "/" + session;
        // An AssumedRoleId is the role's unique id (AROA...) and the session name; IMDS does not tell the
        // unique id, so the role name stands in for it.
        String assumedRoleId = role.roleName() + ":" + session;
        AgentCounter.SELF_ASSUME_SHORT_CIRCUITED.increment();
        events.emit(event.with("accessKeyId", served.accessKeyId())
                .with("expiration", Instant.ofEpochMilli(served.expirationMillis()).toString()));
        String message = "answered sts:AssumeRole of " + call.roleArn() + " with the instance credentials"
                + " (self-assume=short-circuit; caller " + event.caller() + ")";
        if (logged.add(SelfAssumeDecision.SHORT_CIRCUITED)) {
            log.info(message + "; further ones are logged at debug");
        } else {
            log.debug(message);
        }
        return guarded.answer(served, assumedRoleArn, assumedRoleId);
    }

    /**
     * Who signs one call: the access key id the client's own credentials provider resolves to (as the SDK does
     * right before signing), against the instance credentials'. Unknown when either cannot be had.
     */
    private final class ClientSigner implements SelfAssumeRule.Signer {
        private final GuardedStsClass guarded;
        private final Object client;
        private final Object request;
        private final Deadline deadline;
        String accessKeyId;
        String whyUnknown;

        ClientSigner(GuardedStsClass guarded, Object client, Object request, Deadline deadline) {
            this.guarded = guarded;
            this.client = client;
            this.request = request;
            this.deadline = deadline;
        }

        @Override
        public SigningPrincipal principal() {
            try {
                accessKeyId = guarded.signingAccessKeyId(client, request);
            } catch (InvocationTargetException e) {
                whyUnknown = "the client's credentials provider failed: " + e.getCause();
                return SigningPrincipal.UNKNOWN;
            } catch (ReflectiveOperationException | RuntimeException e) {
                whyUnknown = "cannot read the client's credentials provider: " + e;
                return SigningPrincipal.UNKNOWN;
            }
            String instanceKeyId;
            try {
                instanceKeyId = credentials.get(deadline).accessKeyId();
            } catch (ImdsException e) {
                whyUnknown = "the instance credentials to compare with cannot be had: " + e.getMessage();
                return SigningPrincipal.UNKNOWN;
            }
            return isInstanceKey(accessKeyId, instanceKeyId) ? SigningPrincipal.INSTANCE : SigningPrincipal.OTHER;
        }
    }

    /** Whether {@code signing} is the instance's current key id or the one before it that the guard saw. */
    private boolean isInstanceKey(String signing, String current) {
        String[] seen = instanceKeyIds;
        if (!current.equals(seen[0])) {
            seen = new String[] {current, seen[0]};
            instanceKeyIds = seen;
        }
        return signing.equals(seen[0]) || signing.equals(seen[1]);
    }

    /** Why the call is refused and the two ways out; the exception's message, after {@code imds-agent: }. */
    static String refusal(String roleArn, InstanceRole role) {
        return "refused sts:AssumeRole of " + roleArn + ": " + role.roleName() + " is this instance's own role,"
                + " and the instance credentials already carry it (STS denies a role assuming itself unless its"
                + " trust policy names the role). Either use the instance credentials directly (drop this"
                + " AssumeRole or its assume-role credentials provider), or pass a session policy, policy ARNs,"
                + " session tags or a source identity and add the role to its own trust policy. The agent option"
                + " self-assume=short-circuit answers such calls with the instance credentials instead;"
                + " self-assume=allow lets them through.";
    }
}
