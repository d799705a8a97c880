package io.imdsagent.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.imdsagent.imds.Credentials;
import io.imdsagent.imds.ImdsException;
import io.imdsagent.testing.SampleApp;
import java.net.URLClassLoader;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The agent's credentials as each SDK copy's own objects, built by reflection on that copy. */
class ServedClassTest {
    private static final long NOW = Instant.parse("2026-03-01T12:00:00Z").toEpochMilli();
    private static final Credentials FIRST = new Credentials("ASIAFIRST", "first-secret", "first-token",
            NOW + 3_600_000, NOW - 60_000);
    private static final Credentials ROTATED = new Credentials("ASIAROTATED", "rotated-secret", "rotated-token",
            NOW + 7_200_000, NOW);
    private static final ImdsException UNREACHABLE = new ImdsException(ImdsException.Kind.UNREACHABLE,
            "IMDS did not answer at http://169.254.169.254. Check the hop limit.");
    private static final Map<SampleApp, URLClassLoader> SDKS = new EnumMap<>(SampleApp.class);

    @AfterAll
    static void closeSdks() throws Exception {
        for (URLClassLoader loader : SDKS.values()) {
            loader.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = SampleApp.class, names = {"SDK_V1_11", "SDK_V1_12"})
    void sdkV1GetsBasicSessionCredentials(SampleApp app) throws Exception {
        ServedClass served = servedClass(sdk(app), "", ServedClasses.SDK_V1[0]);
        Object credentials = served.credentials(FIRST);
        assertEquals("com.amazonaws.auth.BasicSessionCredentials", credentials.getClass().getName());
        assertEquals("ASIAFIRST", call(credentials, "getAWSAccessKeyId"));
        assertEquals("first-secret", call(credentials, "getAWSSecretKey"));
        assertEquals("first-token", call(credentials, "getSessionToken"));
        assertNull(served.refreshResult(FIRST, NOW), "SDK v1 has no RefreshResult");
    }

    @ParameterizedTest
    @EnumSource(value = SampleApp.class, names = {"SDK_V2_5", "SDK_V2_57"})
    void sdkV2GetsAwsSessionCredentials(SampleApp app) throws Exception {
        ServedClass served = servedClass(sdk(app), "", ServedClasses.SDK_V2[0]);
        Object credentials = served.credentials(FIRST);
        assertEquals("software.amazon.awssdk.auth.credentials.AwsSessionCredentials", credentials.getClass().getName());
        assertEquals("ASIAFIRST", call(credentials, "accessKeyId"));
        assertEquals("first-secret", call(credentials, "secretAccessKey"));
        assertEquals("first-token", call(credentials, "sessionToken"));
        assertFalse(credentials.toString().contains("first-secret"), credentials.toString());
    }

    @Test
    void sdkV2WithTheBuilderAlsoGetsTheExpiration() throws Exception {
        ServedClass served = servedClass(sdk(SampleApp.SDK_V2_57), "", ServedClasses.SDK_V2[0]);
        assertEquals(Optional.of(Instant.ofEpochMilli(FIRST.expirationMillis())),
                call(served.credentials(FIRST), "expirationTime"));
    }

    @ParameterizedTest
    @EnumSource(value = SampleApp.class, names = {"SDK_V1_11", "SDK_V1_12", "SDK_V2_5", "SDK_V2_57"})
    void theSameSnapshotGivesTheSameObjectAndARotationANewOne(SampleApp app) throws Exception {
        String provider = app.name().startsWith("SDK_V1") ? ServedClasses.SDK_V1[0] : ServedClasses.SDK_V2[0];
        ServedClass served = servedClass(sdk(app), "", provider);
        Object first = served.credentials(FIRST);
        assertSame(first, served.credentials(FIRST));
        Object rotated = served.credentials(ROTATED);
        assertNotSame(first, rotated);
        assertSame(rotated, served.credentials(ROTATED));
    }

    @ParameterizedTest
    @EnumSource(value = SampleApp.class, names = {"SDK_V2_5", "SDK_V2_57"})
    void sdkV2RefreshResultIsStaleAtExpirationAndPrefetchesWithinAMinute(SampleApp app) throws Exception {
        ServedClass served = servedClass(sdk(app), "", ServedClasses.SDK_V2[0]);
        Object result = served.refreshResult(FIRST, NOW);
        assertEquals("software.amazon.awssdk.utils.cache.RefreshResult", result.getClass().getName());
        assertSame(served.credentials(FIRST), call(result, "value"));
        assertEquals(Instant.ofEpochMilli(FIRST.expirationMillis()), call(result, "staleTime"));
        assertEquals(Instant.ofEpochMilli(NOW + SdkV2Objects.PREFETCH_INTERVAL_MILLIS), call(result, "prefetchTime"));

        Credentials soonExpiring = new Credentials("ASIASOON", "s", "t", NOW + 10_000, NOW);
        assertEquals(Instant.ofEpochMilli(NOW + 10_000), call(served.refreshResult(soonExpiring, NOW), "prefetchTime"));
        Credentials handedOutExpired = new Credentials("ASIAOLD", "s", "t", NOW - 60_000, NOW - 120_000);
        assertEquals(Instant.ofEpochMilli(NOW + SdkV2Objects.PREFETCH_INTERVAL_MILLIS),
                call(served.refreshResult(handedOutExpired, NOW), "prefetchTime"));
    }

    @ParameterizedTest
    @EnumSource(value = SampleApp.class, names = {"SDK_V1_11", "SDK_V1_12", "SDK_V2_5", "SDK_V2_57"})
    void failuresBecomeTheSdksOwnClientException(SampleApp app) throws Exception {
        boolean v1 = app.name().startsWith("SDK_V1");
        ServedClass served = servedClass(sdk(app), "", v1 ? ServedClasses.SDK_V1[0] : ServedClasses.SDK_V2[0]);
        RuntimeException failure = served.failure(UNREACHABLE);
        assertEquals(v1 ? "com.amazonaws.SdkClientException" : "software.amazon.awssdk.core.exception.SdkClientException",
                failure.getClass().getName());
        assertEquals(UNREACHABLE.getMessage(), failure.getMessage());
        assertSame(UNREACHABLE, failure.getCause());
    }

    @Test
    void relocatedCopiesGetTheirOwnRelocatedClasses() throws Exception {
        String root = RelocatedSdkLoader.PREFIX;
        ServedClass v1 = servedClass(new RelocatedSdkLoader(SampleApp.SDK_V1_12), root, ServedClasses.SDK_V1[0]);
        assertEquals(root + "com.amazonaws.auth.BasicSessionCredentials", v1.credentials(FIRST).getClass().getName());
        assertEquals(root + "com.amazonaws.SdkClientException", v1.failure(UNREACHABLE).getClass().getName());

        ServedClass v2 = servedClass(new RelocatedSdkLoader(SampleApp.SDK_V2_57), root, ServedClasses.SDK_V2[0]);
        assertEquals(root + "software.amazon.awssdk.auth.credentials.AwsSessionCredentials",
                v2.credentials(FIRST).getClass().getName());
        assertEquals(root + "software.amazon.awssdk.utils.cache.RefreshResult",
                v2.refreshResult(FIRST, NOW).getClass().getName());
        assertEquals(root + "software.amazon.awssdk.core.exception.SdkClientException",
                v2.failure(UNREACHABLE).getClass().getName());
    }

    private static ClassLoader sdk(SampleApp app) {
        return SDKS.computeIfAbsent(app, SampleApp::isolatedLoader);
    }

    private static ServedClass servedClass(ClassLoader loader, String root, String provider) throws Exception {
        ServedClass served = new ServedClasses(new CapturedLog().log()).of(Class.forName(root + provider, false, loader));
        if (served == null) {
            throw new AssertionError(root + provider + " is not served");
        }
        return served;
    }

    private static Object call(Object target, String method) throws Exception {
        return target.getClass().getMethod(method).invoke(target);
    }
}
