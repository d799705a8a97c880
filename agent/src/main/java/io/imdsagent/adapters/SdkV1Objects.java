package io.imdsagent.adapters;

import io.imdsagent.imds.Credentials;
import io.imdsagent.imds.ImdsException;
import java.lang.reflect.Constructor;

/** SDK v1 ({@code com.amazonaws}) objects: {@code BasicSessionCredentials} and {@code SdkClientException}. */
final class SdkV1Objects extends SdkObjects {
    private final Constructor<?> sessionCredentials;
    private final Constructor<?> clientException;

    SdkV1Objects(String root, ClassLoader loader) throws ReflectiveOperationException {
        sessionCredentials = sibling(root, "com.amazonaws.auth.BasicSessionCredentials", loader)
                .getConstructor(String.class, String.class, String.class);
        clientException = clientExceptionType(root, loader).getConstructor(String.class, Throwable.class);
    }

    // SdkClientException arrived in 1.11.x (1.11.600 has it); before, the SDK threw AmazonClientException,
    // which is also SdkClientException's superclass, so chains catch either.
    static Class<?> clientExceptionType(String root, ClassLoader loader) throws ClassNotFoundException {
        try {
            return sibling(root, "com.amazonaws.SdkClientException", loader);
        } catch (ClassNotFoundException older) {
            return sibling(root, "com.amazonaws.AmazonClientException", loader);
        }
    }

    @Override
    Object credentials(Credentials credentials) throws ReflectiveOperationException {
        return sessionCredentials.newInstance(credentials.accessKeyId(), credentials.secretAccessKey(),
                credentials.sessionToken());
    }

    @Override
    RuntimeException failure(ImdsException cause) throws ReflectiveOperationException {
        return (RuntimeException) clientException.newInstance(cause.getMessage(), cause);
    }

    @Override
    Object refreshResult(Object sdkCredentials, Credentials credentials, long nowMillis) {
        return null;
    }
}
