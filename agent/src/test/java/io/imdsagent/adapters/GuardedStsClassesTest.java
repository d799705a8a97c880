package io.imdsagent.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.imds.Credentials;
import io.imdsagent.policy.AssumeRoleCall;
import io.imdsagent.testing.SampleApp;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each SDK copy's STS request read, and its AssumeRole result and client exception built, by reflection. */
class GuardedStsClassesTest {
    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/S3Access";
    private static final long EXPIRATION = Instant.parse("2026-03-01T18:00:00Z").toEpochMilli();
    private static final Credentials INSTANCE = new Credentials("ASIAINSTANCE", "instance-secret", "instance-token",
            EXPIRATION, EXPIRATION - 6 * 3_600_000);
    private static final String ASSUMED_ARN = "arn:aws:sts::123456789012:assumed-role/S3Access/app";
    private static final Map<SampleApp, URLClassLoader> SDKS = new EnumMap<>(SampleApp.class);

    @AfterAll
    static void closeSdks() throws Exception {
        for (URLClassLoader loader : SDKS.values()) {
            loader.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = SampleApp.class, names = {"SDK_V1_11", "SDK_V1_12"})
    void sdkV1RequestsAreReadAndItsOwnResultAndExceptionBuilt(SampleApp app) throws Exception {
        ClassLoader sdk = sdk(app);
        GuardedStsClass client = guarded(sdk, GuardedStsClasses.SDK_V1[0]);
        Class<?> requestType = Class.forName("com.amazonaws.services.securitytoken.model.AssumeRoleRequest", false, sdk);
        Object request = requestType.getConstructor().newInstance();
        invoke(request, "setRoleArn", ROLE_ARN);
        invoke(request, "setRoleSessionName", "app");
        AssumeRoleCall call = client.call(request);
        assertEquals(ROLE_ARN, call.roleArn());
        assertEquals("app", call.sessionName());
        assertEquals(List.of(), call.scoping());
        invoke(request, "setPolicy", "{}");
        assertEquals(List.of("Policy"), client.call(request).scoping());

        Object result = client.answer(INSTANCE, ASSUMED_ARN, "S3Access:app");
        assertEquals("com.amazonaws.services.securitytoken.model.AssumeRoleResult", result.getClass().getName());
        Object credentials = invoke(result, "getCredentials");
        assertEquals("ASIAINSTANCE", invoke(credentials, "getAccessKeyId"));
        assertEquals("instance-secret", invoke(credentials, "getSecretAccessKey"));
        assertEquals("instance-token", invoke(credentials, "getSessionToken"));
        assertEquals(new Date(EXPIRATION), invoke(credentials, "getExpiration"));
        Object user = invoke(result, "getAssumedRoleUser");
        assertEquals(ASSUMED_ARN, invoke(user, "getArn"));
        assertEquals("S3Access:app", invoke(user, "getAssumedRoleId"));

        Object refusal = client.refusal("imds-agent: refused");
        assertEquals("com.amazonaws.SdkClientException", refusal.getClass().getName());
        assertEquals("imds-agent: refused", ((RuntimeException) refusal).getMessage());
    }

    /** 1.11.600 has no tags and no source identity: read as unset. 1.12 has both. */
    @Test
    void sdkV1TagsAndSourceIdentityAreReadWhereTheVersionHasThem() throws Exception {
        ClassLoader sdk = sdk(SampleApp.SDK_V1_12);
        Object request = Class.forName("com.amazonaws.services.securitytoken.model.AssumeRoleRequest", false, sdk)
                .getConstructor().newInstance();
        invoke(request, "setRoleArn", ROLE_ARN);
        invoke(request, "setSourceIdentity", "alice");
        Object tag = Class.forName("com.amazonaws.services.securitytoken.model.Tag", false, sdk)
                .getConstructor().newInstance();
        request.getClass().getMethod("setTags", Collection.class).invoke(request, List.of(tag));
        assertEquals(List.of("Tags", "SourceIdentity"), guarded(sdk, GuardedStsClasses.SDK_V1[0]).call(request).scoping());
    }

    @ParameterizedTest
    @EnumSource(value = SampleApp.class, names = {"SDK_V2_5", "SDK_V2_57"})
    void sdkV2RequestsAreReadAndItsOwnResponseAndExceptionBuilt(SampleApp app) throws Exception {
        ClassLoader sdk = sdk(app);
        GuardedStsClass client = guarded(sdk, GuardedStsClasses.SDK_V2[0]);
        Object request = v2Request(sdk, "roleArn", ROLE_ARN, "roleSessionName", "app");
        AssumeRoleCall call = client.call(request);
        assertEquals(ROLE_ARN, call.roleArn());
        assertEquals("app", call.sessionName());
        assertEquals(List.of(), call.scoping(), "2.57 answers empty lists for policyArns and tags never set");
        assertEquals(List.of("Policy"),
                client.call(v2Request(sdk, "roleArn", ROLE_ARN, "policy", "{}")).scoping());

        Object response = client.answer(INSTANCE, ASSUMED_ARN, "S3Access:app");
        assertEquals("software.amazon.awssdk.services.sts.model.AssumeRoleResponse", response.getClass().getName());
        Object credentials = invoke(response, "credentials");
        assertEquals("ASIAINSTANCE", invoke(credentials, "accessKeyId"));
        assertEquals("instance-secret", invoke(credentials, "secretAccessKey"));
        assertEquals("instance-token", invoke(credentials, "sessionToken"));
        assertEquals(Instant.ofEpochMilli(EXPIRATION), invoke(credentials, "expiration"));
        Object user = invoke(response, "assumedRoleUser");
        assertEquals(ASSUMED_ARN, invoke(user, "arn"));
        assertEquals("S3Access:app", invoke(user, "assumedRoleId"));

        Object refusal = client.refusal("imds-agent: refused");
        assertEquals("software.amazon.awssdk.core.exception.SdkClientException", refusal.getClass().getName());
        assertEquals("imds-agent: refused", ((RuntimeException) refusal).getMessage());
    }

    @Test
    void sdkV2SourceIdentityIsReadWhereTheVersionHasIt() throws Exception {
        ClassLoader sdk = sdk(SampleApp.SDK_V2_57);
        Object request = v2Request(sdk, "roleArn", ROLE_ARN, "sourceIdentity", "alice");
        assertEquals(List.of("SourceIdentity"), guarded(sdk, GuardedStsClasses.SDK_V2[0]).call(request).scoping());
    }

    /** The async client's method returns a future: the answer comes completed, the refusal failed. */
    @ParameterizedTest
    @EnumSource(value = SampleApp.class, names = {"SDK_V2_5", "SDK_V2_57"})
    void sdkV2AsyncClientsGetFutures(SampleApp app) throws Exception {
        GuardedStsClass client = guarded(sdk(app), GuardedStsClasses.SDK_V2[1]);
        CompletableFuture<?> answer = assertInstanceOf(CompletableFuture.class,
                client.answer(INSTANCE, ASSUMED_ARN, "S3Access:app"));
        assertEquals("software.amazon.awssdk.services.sts.model.AssumeRoleResponse", answer.get().getClass().getName());
        CompletableFuture<?> refusal = assertInstanceOf(CompletableFuture.class, client.refusal("imds-agent: refused"));
        ExecutionException failed = assertThrows(ExecutionException.class, refusal::get);
        assertEquals("software.amazon.awssdk.core.exception.SdkClientException", failed.getCause().getClass().getName());
    }

    @Test
    void sdkV1AsyncClientIsGuardedAsTheSyncClientItExtends() throws Exception {
        GuardedStsClass client = guarded(sdk(SampleApp.SDK_V1_12),
                "com.amazonaws.services.securitytoken.AWSSecurityTokenServiceAsyncClient");
        assertInstanceOf(RuntimeException.class, client.refusal("imds-agent: refused"));
    }

    @Test
    void otherClassesAreNotGuardedAndTheDecisionIsKeptPerClass() throws Exception {
        GuardedStsClasses classes = new GuardedStsClasses(new CapturedLog().log());
        assertNull(classes.of(String.class));
        assertNull(classes.of(Class.forName("software.amazon.awssdk.services.sts.StsClient", false, sdk(SampleApp.SDK_V2_57))));
        Class<?> client = Class.forName(GuardedStsClasses.SDK_V2[0], false, sdk(SampleApp.SDK_V2_57));
        assertSame(classes.of(client), classes.of(client));
    }

    @Test
    void relocatedCopiesGetTheirOwnRelocatedClasses() throws Exception {
        String root = RelocatedSdkLoader.PREFIX;
        GuardedStsClass v1 = guarded(new RelocatedSdkLoader(SampleApp.SDK_V1_12), root + GuardedStsClasses.SDK_V1[0]);
        assertEquals(root + "com.amazonaws.services.securitytoken.model.AssumeRoleResult",
                v1.answer(INSTANCE, ASSUMED_ARN, "id").getClass().getName());
        GuardedStsClass v2 = guarded(new RelocatedSdkLoader(SampleApp.SDK_V2_57), root + GuardedStsClasses.SDK_V2[0]);
        assertEquals(root + "software.amazon.awssdk.core.exception.SdkClientException",
                v2.refusal("imds-agent: refused").getClass().getName());
    }

    @Test
    void nothingShowsASecret() throws Exception {
        GuardedStsClass client = guarded(sdk(SampleApp.SDK_V2_57), GuardedStsClasses.SDK_V2[0]);
        Object request = v2Request(sdk(SampleApp.SDK_V2_57), "roleArn", ROLE_ARN, "policy", "{}");
        String described = client.call(request).toString();
        assertTrue(described.contains(ROLE_ARN), described);
        assertFalse(described.contains("secret"), described);
    }

    private static ClassLoader sdk(SampleApp app) {
        return SDKS.computeIfAbsent(app, SampleApp::isolatedLoader);
    }

    private static GuardedStsClass guarded(ClassLoader loader, String clientClass) throws Exception {
        GuardedStsClass guarded = new GuardedStsClasses(new CapturedLog().log())
                .of(Class.forName(clientClass, false, loader));
        assertNotNull(guarded, clientClass + " is not guarded");
        return guarded;
    }

    /** {@code AssumeRoleRequest.builder().name(value)...build()}, through the public builder interface. */
    private static Object v2Request(ClassLoader sdk, String... namesAndValues) throws Exception {
        Method builder = Class.forName("software.amazon.awssdk.services.sts.model.AssumeRoleRequest", false, sdk)
                .getMethod("builder");
        Object b = builder.invoke(null);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            builder.getReturnType().getMethod(namesAndValues[i], String.class).invoke(b, namesAndValues[i + 1]);
        }
        return builder.getReturnType().getMethod("build").invoke(b);
    }

    private static Object invoke(Object target, String method, Object... args) throws Exception {
        for (Method candidate : target.getClass().getMethods()) {
            if (candidate.getName().equals(method) && candidate.getParameterCount() == args.length) {
                return candidate.invoke(target, args);
            }
        }
        throw new NoSuchMethodException(target.getClass().getName() + "." + method);
    }
}
