package io.imdsagent.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * What the self-assume rule needs of one {@code sts:AssumeRole} request, whichever SDK made it: the role,
 * the session name, and which of the parameters that narrow a session are set. Immutable; holds no secret.
 */
public final class AssumeRoleCall {
    private final String roleArn;
    private final String sessionName;
    private final List<String> scoping;

    private AssumeRoleCall(String roleArn, String sessionName, List<String> scoping) {
        this.roleArn = roleArn;
        this.sessionName = sessionName;
        this.scoping = scoping;
    }

    /**
     * The request as the SDK holds it. Each scoping value is what the SDK's getter returned: null where
     * the SDK version has no such getter. Null, an empty string and an empty list count as unset (SDK v2
     * answers an empty list for a list never set).
     */
    public static AssumeRoleCall of(String roleArn, String sessionName, Object policy, Object policyArns,
                                    Object tags, Object sourceIdentity) {
        List<String> scoping = new ArrayList<String>(4);
        addIfSet(scoping, "Policy", policy);
        addIfSet(scoping, "PolicyArns", policyArns);
        addIfSet(scoping, "Tags", tags);
        addIfSet(scoping, "SourceIdentity", sourceIdentity);
        return new AssumeRoleCall(roleArn, sessionName, Collections.unmodifiableList(scoping));
    }

    private static void addIfSet(List<String> scoping, String parameter, Object value) {
        boolean unset = value == null
                || value instanceof CharSequence && ((CharSequence) value).length() == 0
                || value instanceof Collection && ((Collection<?>) value).isEmpty();
        if (!unset) {
            scoping.add(parameter);
        }
    }

    /** As the caller passed it; may be null or malformed (STS would refuse it). */
    public String roleArn() {
        return roleArn;
    }

    /** {@code RoleSessionName}; may be null. */
    public String sessionName() {
        return sessionName;
    }

    /** The STS parameter names among Policy, PolicyArns, Tags, SourceIdentity that are set, in that order. */
    public List<String> scoping() {
        return scoping;
    }

    @Override
    public String toString() {
        return "AssumeRole{roleArn=" + roleArn + ", sessionName=" + sessionName + ", scoping=" + scoping + "}";
    }
}
