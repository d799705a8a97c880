package io.imdsagent.adapters;

import io.imdsagent.imds.Credentials;
import io.imdsagent.imds.ImdsException;
import java.lang.reflect.Method;
import java.time.Instant;

/**
 * SDK v2 ({@code software.amazon.awssdk}) objects: {@code AwsSessionCredentials} (with {@code expirationTime}
 * where the version has the builder), {@code SdkClientException} and the {@code RefreshResult} of the
 * provider's own cache.
 */
final class SdkV2Objects extends SdkObjects {
    // The SDK's own cache (a prefetch thread started before a dynamic attach) asks the agent again this
    // often; each ask is a cache read.
    static final long PREFETCH_INTERVAL_MILLIS = 60_000;

    private final String root;
    private final ClassLoader loader;
    private final Method create;
    private final ExpiringBuilder expiringBuilder;
    // Looked up at first use: an application's first credentials need neither (a JVM's start pays for each lookup).
    private volatile Method clientException;
    private volatile RefreshResults refreshResults;

    SdkV2Objects(String root, ClassLoader loader) throws ReflectiveOperationException {
        this.root = root;
        this.loader = loader;
        Class<?> sessionCredentials = sibling(root, "software.amazon.awssdk.auth.credentials.AwsSessionCredentials",
                loader);
        create = sessionCredentials.getMethod("create", String.class, String.class, String.class);
        expiringBuilder = ExpiringBuilder.of(sessionCredentials);
    }

    @Override
    Object credentials(Credentials credentials) throws ReflectiveOperationException {
        if (expiringBuilder != null) {
            return expiringBuilder.build(credentials);
        }
        return create.invoke(null, credentials.accessKeyId(), credentials.secretAccessKey(),
                credentials.sessionToken());
    }

    @Override
    RuntimeException failure(ImdsException cause) throws ReflectiveOperationException {
        Method create = clientException;
        if (create == null) {
            create = sibling(root, "software.amazon.awssdk.core.exception.SdkClientException", loader)
                    .getMethod("create", String.class, Throwable.class);
            clientException = create;
        }
        return (RuntimeException) create.invoke(null, cause.getMessage(), cause);
    }

    /**
     * Stale at {@code Expiration}, as IMDS said; prefetch again within a minute, so that the SDK's own cache,
     * if anything still reads it, follows the agent's rotations.
     */
    @Override
    Object refreshResult(Object sdkCredentials, Credentials credentials, long nowMillis)
            throws ReflectiveOperationException {
        long prefetch = Math.min(credentials.expirationMillis(), nowMillis + PREFETCH_INTERVAL_MILLIS);
        if (prefetch <= nowMillis) {
            // Credentials IMDS handed out already expired (the agent serves them during an AWS outage).
            prefetch = nowMillis + PREFETCH_INTERVAL_MILLIS;
        }
        RefreshResults results = refreshResults;
        if (results == null) {
            results = new RefreshResults(sibling(root, "software.amazon.awssdk.utils.cache.RefreshResult", loader));
            refreshResults = results;
        }
        Object builder = results.builder.invoke(null, sdkCredentials);
        results.staleTime.invoke(builder, Instant.ofEpochMilli(credentials.expirationMillis()));
        results.prefetchTime.invoke(builder, Instant.ofEpochMilli(prefetch));
        return results.build.invoke(builder);
    }

    /** {@code RefreshResult.builder(value).staleTime(..).prefetchTime(..).build()}. */
    private static final class RefreshResults {
        private final Method builder;
        private final Method staleTime;
        private final Method prefetchTime;
        private final Method build;

        RefreshResults(Class<?> refreshResult) throws NoSuchMethodException {
            builder = refreshResult.getMethod("builder", Object.class);
            Class<?> type = builder.getReturnType();
            staleTime = type.getMethod("staleTime", Instant.class);
            prefetchTime = type.getMethod("prefetchTime", Instant.class);
            build = type.getMethod("build");
        }
    }

    /** {@code AwsSessionCredentials.builder()...expirationTime(..).build()}, in versions that have it (2.2x on). */
    private static final class ExpiringBuilder {
        private final Method builder;
        private final Method accessKeyId;
        private final Method secretAccessKey;
        private final Method sessionToken;
        private final Method expirationTime;
        private final Method build;

        private ExpiringBuilder(Method builder) throws NoSuchMethodException {
            this.builder = builder;
            Class<?> type = builder.getReturnType();
            accessKeyId = type.getMethod("accessKeyId", String.class);
            secretAccessKey = type.getMethod("secretAccessKey", String.class);
            sessionToken = type.getMethod("sessionToken", String.class);
            expirationTime = type.getMethod("expirationTime", Instant.class);
            build = type.getMethod("build");
        }

        /** Null when this SDK version has no such builder. */
        static ExpiringBuilder of(Class<?> sessionCredentials) {
            try {
                return new ExpiringBuilder(sessionCredentials.getMethod("builder"));
            } catch (NoSuchMethodException olderVersion) {
                return null;
            }
        }

        Object build(Credentials credentials) throws ReflectiveOperationException {
            Object b = builder.invoke(null);
            accessKeyId.invoke(b, credentials.accessKeyId());
            secretAccessKey.invoke(b, credentials.secretAccessKey());
            sessionToken.invoke(b, credentials.sessionToken());
            expirationTime.invoke(b, Instant.ofEpochMilli(credentials.expirationMillis()));
            return build.invoke(b);
        }
    }
}
