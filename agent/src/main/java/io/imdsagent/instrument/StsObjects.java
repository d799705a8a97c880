package io.imdsagent.instrument;

import io.imdsagent.imds.Credentials;
import io.imdsagent.policy.AssumeRoleCall;
import java.lang.reflect.Method;

/**
 * One AWS SDK copy's STS objects, by reflection on the classes beside the instrumented client: reads its
 * {@code AssumeRoleRequest}, builds its AssumeRole result and its client exception.
 */
abstract class StsObjects {
    private final Method roleArn;
    private final Method roleSessionName;
    private final Method policy;
    // null where the SDK version predates the parameter
    private final Method policyArns;
    private final Method tags;
    private final Method sourceIdentity;

    /** The request's getters by name; those of the scoping lists and the source identity may be missing. */
    StsObjects(Class<?> request, String roleArn, String roleSessionName, String policy, String policyArns,
               String tags, String sourceIdentity) throws NoSuchMethodException {
        this.roleArn = request.getMethod(roleArn);
        this.roleSessionName = request.getMethod(roleSessionName);
        this.policy = request.getMethod(policy);
        this.policyArns = optionalGetter(request, policyArns);
        this.tags = optionalGetter(request, tags);
        this.sourceIdentity = optionalGetter(request, sourceIdentity);
    }

    final AssumeRoleCall call(Object request) throws ReflectiveOperationException {
        return AssumeRoleCall.of((String) roleArn.invoke(request), (String) roleSessionName.invoke(request),
                policy.invoke(request), get(policyArns, request), get(tags, request), get(sourceIdentity, request));
    }

    /** The SDK's AssumeRole result carrying {@code credentials} as the assumed role's. */
    abstract Object result(Credentials credentials, String assumedRoleArn, String assumedRoleId)
            throws ReflectiveOperationException;

    /** The SDK's own client exception, as the SDK throws for a failure before any request is sent. */
    abstract RuntimeException clientException(String message) throws ReflectiveOperationException;

    private static Method optionalGetter(Class<?> type, String name) {
        try {
            return type.getMethod(name);
        } catch (NoSuchMethodException olderVersion) {
            return null;
        }
    }

    private static Object get(Method getter, Object request) throws ReflectiveOperationException {
        return getter == null ? null : getter.invoke(request);
    }
}
