package io.imdsagent.adapters;

import io.imdsagent.imds.Credentials;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Date;

/**
 * SDK v1 ({@code com.amazonaws.services.securitytoken}) STS objects. 1.11.600 has no {@code getTags} and no
 * {@code getSourceIdentity}; the request is read without them there. The client signs with
 * {@code request.getRequestCredentialsProvider()} when set (the deprecated {@code setRequestCredentials} sets it
 * too), else with its private {@code awsCredentialsProvider} (both 1.11 and 1.12: {@code CredentialUtils}).
 */
final class StsV1Objects extends StsObjects {
    private static final String MODEL = "com.amazonaws.services.securitytoken.model.";

    private final Constructor<?> result;
    private final Method withCredentials;
    private final Method withAssumedRoleUser;
    private final Constructor<?> credentials;
    private final Constructor<?> assumedRoleUser;
    private final Method withArn;
    private final Method withAssumedRoleId;
    private final Constructor<?> clientException;
    private final Method requestCredentialsProvider;
    // null where it cannot be read: the principal is then unknown
    private final Field clientCredentialsProvider;
    private final Method getCredentials;
    private final Method accessKeyId;

    StsV1Objects(String root, ClassLoader loader, Class<?> client) throws ReflectiveOperationException {
        super(SdkObjects.sibling(root, MODEL + "AssumeRoleRequest", loader), "getRoleArn", "getRoleSessionName",
                "getPolicy", "getPolicyArns", "getTags", "getSourceIdentity");
        Class<?> resultType = SdkObjects.sibling(root, MODEL + "AssumeRoleResult", loader);
        Class<?> credentialsType = SdkObjects.sibling(root, MODEL + "Credentials", loader);
        Class<?> userType = SdkObjects.sibling(root, MODEL + "AssumedRoleUser", loader);
        result = resultType.getConstructor();
        withCredentials = resultType.getMethod("withCredentials", credentialsType);
        withAssumedRoleUser = resultType.getMethod("withAssumedRoleUser", userType);
        credentials = credentialsType.getConstructor(String.class, String.class, String.class, Date.class);
        assumedRoleUser = userType.getConstructor();
        withArn = userType.getMethod("withArn", String.class);
        withAssumedRoleId = userType.getMethod("withAssumedRoleId", String.class);
        clientException = SdkV1Objects.clientExceptionType(root, loader).getConstructor(String.class);
        requestCredentialsProvider = SdkObjects.sibling(root, MODEL + "AssumeRoleRequest", loader)
                .getMethod("getRequestCredentialsProvider");
        clientCredentialsProvider = clientField(client, "awsCredentialsProvider");
        getCredentials = SdkObjects.sibling(root, "com.amazonaws.auth.AWSCredentialsProvider", loader)
                .getMethod("getCredentials");
        accessKeyId = SdkObjects.sibling(root, "com.amazonaws.auth.AWSCredentials", loader)
                .getMethod("getAWSAccessKeyId");
    }

    @Override
    String signingAccessKeyId(Object client, Object request) throws ReflectiveOperationException {
        Object provider = requestCredentialsProvider.invoke(request);
        if (provider == null) {
            provider = read(clientCredentialsProvider, client);
        }
        if (provider == null) {
            throw new IllegalStateException(client.getClass().getName() + " has no credentials provider");
        }
        return (String) accessKeyId.invoke(getCredentials.invoke(provider));
    }

    @Override
    Object result(Credentials served, String assumedRoleArn, String assumedRoleId)
            throws ReflectiveOperationException {
        Object user = assumedRoleUser.newInstance();
        withArn.invoke(user, assumedRoleArn);
        withAssumedRoleId.invoke(user, assumedRoleId);
        Object answer = result.newInstance();
        withCredentials.invoke(answer, credentials.newInstance(served.accessKeyId(), served.secretAccessKey(),
                served.sessionToken(), new Date(served.expirationMillis())));
        withAssumedRoleUser.invoke(answer, user);
        return answer;
    }

    @Override
    RuntimeException clientException(String message) throws ReflectiveOperationException {
        return (RuntimeException) clientException.newInstance(message);
    }
}
