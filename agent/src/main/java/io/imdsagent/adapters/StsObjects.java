package io.imdsagent.adapters;

import io.imdsagent.imds.Credentials;
import io.imdsagent.policy.AssumeRoleCall;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * One AWS SDK copy's STS objects, by reflection on the classes beside the instrumented client: reads its
 * {@code AssumeRoleRequest} and the credentials the client signs it with, builds its AssumeRole result and its
 * client exception.
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

    /**
     * The access key id the client will sign {@code request} with, resolved as the SDK resolves it before signing:
     * the request's own credentials provider if it carries one, else the client's.
     *
     * @throws ReflectiveOperationException when the provider cannot be read or fails to resolve (an
     *         {@link java.lang.reflect.InvocationTargetException} holds the SDK's own exception)
     * @throws IllegalStateException when the client's provider cannot be found; the message says why
     */
    abstract String signingAccessKeyId(Object client, Object request) throws ReflectiveOperationException;

    /** The SDK's AssumeRole result carrying {@code credentials} as the assumed role's. */
    abstract Object result(Credentials credentials, String assumedRoleArn, String assumedRoleId)
            throws ReflectiveOperationException;

    /** The SDK's own client exception, as the SDK throws for a failure before any request is sent. */
    abstract RuntimeException clientException(String message) throws ReflectiveOperationException;

    /**
     * A private field of the SDK's client class, made readable; null where this SDK version has no such field
     * or the JVM refuses access (a named module that does not open its package). The principal is then unknown.
     */
    static Field clientField(Class<?> client, String name) {
        try {
            Field field = client.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException | RuntimeException unreadable) {
            return null;
        }
    }

    /** {@code field}'s value in {@code client}; IllegalStateException when the field could not be had. */
    static Object read(Field field, Object client) throws IllegalAccessException {
        if (field == null) {
            throw new IllegalStateException("cannot read the credentials provider of " + client.getClass().getName());
        }
        return field.get(client);
    }

    static Method optionalGetter(Class<?> type, String name) {
        try {
            return type.getMethod(name);
        } catch (NoSuchMethodException olderVersion) {
            return null;
        }
    }

    static Object get(Method getter, Object request) throws ReflectiveOperationException {
        return getter == null ? null : getter.invoke(request);
    }
}
