package io.imdsagent.policy;

import io.imdsagent.config.SelfAssumeMode;
import io.imdsagent.imds.InstanceRole;

/**
 * Decides an {@code sts:AssumeRole} call against the instance's own role (option {@code self-assume}).
 *
 * <p>Since 2023 a role no longer trusts itself implicitly, so assuming the role the instance already has
 * gets {@code AccessDenied} from STS after a round trip, and would only hand back what the instance
 * credentials already are. A session policy, policy ARNs, tags or a source identity make such a call
 * meaningful, so those go on. Only a call the instance itself signs is a self-assume: a client holding other
 * credentials (environment keys, a container or pod role, static keys) that assumes the instance role is
 * another principal, subject to the role's trust policy, and goes on. Pure: a few string comparisons per call,
 * and the signer is asked for only when the call names the own role unscoped.
 */
public final class SelfAssumeRule {
    private final SelfAssumeMode mode;

    public SelfAssumeRule(SelfAssumeMode mode) {
        this.mode = mode;
    }

    /**
     * @param ownRole the instance's role; null while it cannot be known
     * @param signer who signs the call; asked at most once, and only for an unscoped call of the own role
     */
    public SelfAssumeDecision decide(AssumeRoleCall call, InstanceRole ownRole, Signer signer) {
        if (ownRole == null) {
            return SelfAssumeDecision.OWN_ROLE_UNKNOWN;
        }
        if (!namesRole(call.roleArn(), ownRole)) {
            return SelfAssumeDecision.OTHER_ROLE;
        }
        if (!call.scoping().isEmpty()) {
            return SelfAssumeDecision.SCOPED;
        }
        // Unknown is not refused: refusing or answering another principal's legitimate call (trust policy,
        // ExternalId, MFA) would be worse than one needless round trip to STS, which still decides.
        switch (signer.principal()) {
            case OTHER:
                return SelfAssumeDecision.OTHER_PRINCIPAL;
            case UNKNOWN:
                return SelfAssumeDecision.PRINCIPAL_UNKNOWN;
            default:
                break;
        }
        switch (mode) {
            case ALLOW:
                return SelfAssumeDecision.ALLOWED;
            case SHORT_CIRCUIT:
                return SelfAssumeDecision.SHORT_CIRCUITED;
            default:
                return SelfAssumeDecision.BLOCKED;
        }
    }

    /**
     * Whether {@code roleArn} ({@code arn:PARTITION:iam::ACCOUNT:role/PATH/NAME}) names {@code role}: same
     * partition and account, same name ignoring case (IAM role names are unique without regard to case), any
     * path (IMDS does not tell the instance role's path). Anything that is not an IAM role ARN does not.
     */
    static boolean namesRole(String roleArn, InstanceRole role) {
        if (roleArn == null) {
            return false;
        }
        int at = expect(roleArn, 0, "arn:");
        at = expect(roleArn, at, role.partition());
        at = expect(roleArn, at, ":iam::");
        at = expect(roleArn, at, role.account());
        at = expect(roleArn, at, ":role/");
        if (at < 0) {
            return false;
        }
        int nameStart = roleArn.lastIndexOf('/') + 1;
        String name = role.roleName();
        return roleArn.length() - nameStart == name.length()
                && roleArn.regionMatches(true, nameStart, name, 0, name.length());
    }

    /** Who signs one call; the guard resolves the STS client's credentials only when asked. */
    public interface Signer {
        SigningPrincipal principal();
    }

    /** The index after {@code part} when {@code text} has it at {@code at}; -1 when not, or when {@code at} is. */
    private static int expect(String text, int at, String part) {
        return at >= 0 && text.startsWith(part, at) ? at + part.length() : -1;
    }
}
