package io.imdsagent.instrument;

import io.imdsagent.imds.Credentials;
import java.lang.reflect.Method;
import java.time.Instant;

/**
 * SDK v2 ({@code software.amazon.awssdk.services.sts}) STS objects, built through the model's builders.
 * 2.5.0 has no {@code policyArns}, {@code tags} or {@code sourceIdentity}; the request is read without them there.
 */
final class StsV2Objects extends StsObjects {
    private static final String MODEL = "software.amazon.awssdk.services.sts.model.";

    private final Builder response;
    private final Builder credentials;
    private final Builder assumedRoleUser;
    private final Method clientException;

    StsV2Objects(String root, ClassLoader loader) throws ReflectiveOperationException {
        super(SdkObjects.sibling(root, MODEL + "AssumeRoleRequest", loader), "roleArn", "roleSessionName",
                "policy", "policyArns", "tags", "sourceIdentity");
        Class<?> credentialsType = SdkObjects.sibling(root, MODEL + "Credentials", loader);
        Class<?> userType = SdkObjects.sibling(root, MODEL + "AssumedRoleUser", loader);
        response = new Builder(SdkObjects.sibling(root, MODEL + "AssumeRoleResponse", loader),
                new String[] {"credentials", "assumedRoleUser"}, credentialsType, userType);
        credentials = new Builder(credentialsType, new String[] {"accessKeyId", "secretAccessKey", "sessionToken",
            "expiration"}, String.class, String.class, String.class, Instant.class);
        assumedRoleUser = new Builder(userType, new String[] {"arn", "assumedRoleId"}, String.class, String.class);
        clientException = SdkObjects.sibling(root, "software.amazon.awssdk.core.exception.SdkClientException", loader)
                .getMethod("create", String.class);
    }

    @Override
    Object result(Credentials served, String assumedRoleArn, String assumedRoleId)
            throws ReflectiveOperationException {
        return response.build(
                credentials.build(served.accessKeyId(), served.secretAccessKey(), served.sessionToken(),
                        Instant.ofEpochMilli(served.expirationMillis())),
                assumedRoleUser.build(assumedRoleArn, assumedRoleId));
    }

    @Override
    RuntimeException clientException(String message) throws ReflectiveOperationException {
        return (RuntimeException) clientException.invoke(null, message);
    }

    /** {@code Type.builder()}, setters in order, {@code build()}: methods of the public builder interface. */
    private static final class Builder {
        private final Method builder;
        private final Method[] setters;
        private final Method build;

        Builder(Class<?> type, String[] setterNames, Class<?>... parameterTypes) throws NoSuchMethodException {
            builder = type.getMethod("builder");
            Class<?> builderType = builder.getReturnType();
            setters = new Method[setterNames.length];
            for (int i = 0; i < setters.length; i++) {
                setters[i] = builderType.getMethod(setterNames[i], parameterTypes[i]);
            }
            build = builderType.getMethod("build");
        }

        Object build(Object... values) throws ReflectiveOperationException {
            Object b = builder.invoke(null);
            for (int i = 0; i < setters.length; i++) {
                setters[i].invoke(b, values[i]);
            }
            return build.invoke(b);
        }
    }
}
