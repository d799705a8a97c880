package io.imdsagent.adapters;

import io.imdsagent.imds.Credentials;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * SDK v2 ({@code software.amazon.awssdk.services.sts}) STS objects, built through the model's builders.
 * 2.5.0 has no {@code policyArns}, {@code tags} or {@code sourceIdentity}; the request is read without them there.
 * The client signs with the request's override configuration's credentials provider when set, else with its
 * private {@code clientConfiguration}'s {@code AwsClientOption.CREDENTIALS_IDENTITY_PROVIDER} (2.2x on) or
 * {@code CREDENTIALS_PROVIDER} (before). A request plugin that swaps the client's credentials is not seen.
 */
final class StsV2Objects extends StsObjects {
    private static final String MODEL = "software.amazon.awssdk.services.sts.model.";

    private final Builder response;
    private final Builder credentials;
    private final Builder assumedRoleUser;
    private final Method clientException;
    private final Method overrideConfiguration;
    // null before 2.2x; both answer an Optional
    private final Method overrideIdentityProvider;
    private final Method overrideCredentialsProvider;
    // null where it cannot be read: the principal is then unknown
    private final Field clientConfiguration;
    private final Method option;
    // null before 2.2x
    private final Object identityProviderOption;
    private final Object credentialsProviderOption;
    private final Class<?> credentialsProvider;
    private final Method resolveCredentials;
    private final Method accessKeyId;
    // null before 2.2x, where every provider is an AwsCredentialsProvider
    private final Method resolveIdentity;
    private final Method identityAccessKeyId;

    StsV2Objects(String root, ClassLoader loader, Class<?> client) throws ReflectiveOperationException {
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
        overrideConfiguration = SdkObjects.sibling(root, MODEL + "AssumeRoleRequest", loader)
                .getMethod("overrideConfiguration");
        Class<?> override = SdkObjects.sibling(root, "software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration",
                loader);
        overrideIdentityProvider = optionalGetter(override, "credentialsIdentityProvider");
        overrideCredentialsProvider = override.getMethod("credentialsProvider");
        clientConfiguration = clientField(client, "clientConfiguration");
        Class<?> clientOption = SdkObjects.sibling(root, "software.amazon.awssdk.core.client.config.ClientOption", loader);
        option = SdkObjects.sibling(root, "software.amazon.awssdk.core.client.config.SdkClientConfiguration", loader)
                .getMethod("option", clientOption);
        Class<?> awsClientOption = SdkObjects.sibling(root,
                "software.amazon.awssdk.awscore.client.config.AwsClientOption", loader);
        identityProviderOption = staticField(awsClientOption, "CREDENTIALS_IDENTITY_PROVIDER");
        credentialsProviderOption = awsClientOption.getField("CREDENTIALS_PROVIDER").get(null);
        credentialsProvider = SdkObjects.sibling(root, "software.amazon.awssdk.auth.credentials.AwsCredentialsProvider",
                loader);
        resolveCredentials = credentialsProvider.getMethod("resolveCredentials");
        accessKeyId = SdkObjects.sibling(root, "software.amazon.awssdk.auth.credentials.AwsCredentials", loader)
                .getMethod("accessKeyId");
        Class<?> identityProvider = optionalSibling(root, "software.amazon.awssdk.identity.spi.IdentityProvider", loader);
        resolveIdentity = identityProvider == null ? null : identityProvider.getMethod("resolveIdentity");
        identityAccessKeyId = identityProvider == null ? null : SdkObjects.sibling(root,
                "software.amazon.awssdk.identity.spi.AwsCredentialsIdentity", loader).getMethod("accessKeyId");
    }

    @Override
    String signingAccessKeyId(Object client, Object request) throws ReflectiveOperationException {
        Object provider = null;
        Object override = ((Optional<?>) overrideConfiguration.invoke(request)).orElse(null);
        if (override != null) {
            provider = overrideIdentityProvider == null ? null
                    : ((Optional<?>) overrideIdentityProvider.invoke(override)).orElse(null);
            if (provider == null) {
                provider = ((Optional<?>) overrideCredentialsProvider.invoke(override)).orElse(null);
            }
        }
        if (provider == null) {
            Object configuration = read(clientConfiguration, client);
            provider = identityProviderOption == null ? null : option.invoke(configuration, identityProviderOption);
            if (provider == null) {
                provider = option.invoke(configuration, credentialsProviderOption);
            }
        }
        if (provider == null) {
            throw new IllegalStateException(client.getClass().getName() + " has no credentials provider");
        }
        if (credentialsProvider.isInstance(provider)) {
            return (String) accessKeyId.invoke(resolveCredentials.invoke(provider));
        }
        if (resolveIdentity == null) {
            throw new IllegalStateException("unexpected credentials provider " + provider.getClass().getName());
        }
        // What the SDK itself does before signing a sync call (CompletableFutureUtils.joinLikeSync).
        Object identity = ((CompletableFuture<?>) resolveIdentity.invoke(provider)).join();
        return (String) identityAccessKeyId.invoke(identity);
    }

    private static Object staticField(Class<?> type, String name) throws IllegalAccessException {
        try {
            return type.getField(name).get(null);
        } catch (NoSuchFieldException olderVersion) {
            return null;
        }
    }

    private static Class<?> optionalSibling(String root, String name, ClassLoader loader) {
        try {
            return SdkObjects.sibling(root, name, loader);
        } catch (ClassNotFoundException olderVersion) {
            return null;
        }
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
