package io.imdsagent.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.config.AgentConfig;
import io.imdsagent.config.SelfAssumeMode;
import io.imdsagent.events.Event;
import io.imdsagent.events.Redactor;
import io.imdsagent.imds.CredentialSource;
import io.imdsagent.imds.Credentials;
import io.imdsagent.imds.ImdsCore;
import io.imdsagent.imds.ImdsException;
import io.imdsagent.imds.InstanceProfile;
import io.imdsagent.adapters.CapturedLog;
import io.imdsagent.testapps.emulator.ImdsEmulator;
import io.imdsagent.testing.SampleApp;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guard's answers to an SDK v1 STS client, the role learned from the emulator over a real socket. The
 * client is never called: the guard is what the woven hook asks before the client's own code runs. Its credentials
 * are static keys, the instance's ({@code ASIAINSTANCE}) unless a test says otherwise.
 */
class SelfAssumeGuardTest {
    private static final String OWN_ROLE = "arn:aws:iam::123456789012:role/team/s3access";
    private static final Credentials INSTANCE = new Credentials("ASIAINSTANCE", "instance-secret", "instance-token",
            System.currentTimeMillis() + 3_600_000, System.currentTimeMillis());
    private static URLClassLoader sdk;
    private static Object client;
    private static Object otherClient;

    private final List<Event> events = new ArrayList<>();
    private final CapturedLog log = new CapturedLog();
    private ImdsEmulator emulator;
    private InstanceProfile profile;

    @BeforeAll
    static void sdkClient() throws Exception {
        sdk = SampleApp.SDK_V1_12.isolatedLoader();
        client = client(staticProvider("ASIAINSTANCE"));
        otherClient = client(staticProvider("AKIAOTHERPRINCIPAL"));
    }

    /** The deprecated constructor resolves nothing until a request is made, and none is. */
    private static Object client(Object credentialsProvider) throws Exception {
        return Class.forName("com.amazonaws.services.securitytoken.AWSSecurityTokenServiceClient", true, sdk)
                .getConstructor(providerType()).newInstance(credentialsProvider);
    }

    private static Class<?> providerType() throws ClassNotFoundException {
        return Class.forName("com.amazonaws.auth.AWSCredentialsProvider", false, sdk);
    }

    private static Object staticProvider(String accessKeyId) throws Exception {
        Object credentials = Class.forName("com.amazonaws.auth.BasicSessionCredentials", true, sdk)
                .getConstructor(String.class, String.class, String.class)
                .newInstance(accessKeyId, "secret-of-" + accessKeyId, "token");
        return Class.forName("com.amazonaws.auth.AWSStaticCredentialsProvider", true, sdk)
                .getConstructor(Class.forName("com.amazonaws.auth.AWSCredentials", false, sdk))
                .newInstance(credentials);
    }

    @AfterAll
    static void closeSdk() throws Exception {
        sdk.close();
    }

    @BeforeEach
    void start() throws Exception {
        emulator = ImdsEmulator.builder().mode(ImdsEmulator.Mode.REQUIRED).role("S3Access").build().start();
        // A first request to a cold emulator on a loaded 2-core machine can take over the default 1 s.
        profile = ImdsCore.create(AgentConfig.load("endpoint=" + emulator.baseUrl() + ",attempts=1,timeout=5s",
                Map.of(), Map.of()), new Redactor()).profile();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void blockAnswersTheSdksClientExceptionAndReports() throws Exception {
        Object answer = guard(SelfAssumeMode.BLOCK, () -> INSTANCE).assumeRole(client, request(OWN_ROLE));
        RuntimeException refusal = assertInstanceOf(RuntimeException.class, answer);
        assertEquals("com.amazonaws.SdkClientException", refusal.getClass().getName());
        assertTrue(refusal.getMessage().startsWith("imds-agent: refused sts:AssumeRole of " + OWN_ROLE + ": S3Access"
                + " is this instance's own role"), refusal.getMessage());
        assertEquals(1, events.size(), events.toString());
        assertEquals("self-assume-blocked", events.get(0).name());
        assertEquals(OWN_ROLE, events.get(0).fields().get("roleArn"));
        assertEquals("app", events.get(0).fields().get("roleSessionName"));
        assertTrue(log.text().contains("warning: refused sts:AssumeRole"), log.text());
    }

    @Test
    void shortCircuitAnswersTheInstanceCredentialsAsTheSdksResult() throws Exception {
        Object result = guard(SelfAssumeMode.SHORT_CIRCUIT, () -> INSTANCE).assumeRole(client, request(OWN_ROLE));
        assertEquals("com.amazonaws.services.securitytoken.model.AssumeRoleResult", result.getClass().getName());
        Object credentials = result.getClass().getMethod("getCredentials").invoke(result);
        assertEquals("ASIAINSTANCE", credentials.getClass().getMethod("getAccessKeyId").invoke(credentials));
        Object user = result.getClass().getMethod("getAssumedRoleUser").invoke(result);
        assertEquals("arn:aws:sts::123456789012:assumed-role/S3Access/app", user.getClass().getMethod("getArn").invoke(user));
        assertEquals("self-assume-short-circuited", events.get(0).name());
        assertEquals("ASIAINSTANCE", events.get(0).fields().get("accessKeyId"));
        assertFalse(events.toString().contains("instance-secret"), events.toString());
    }

    /** No request may leave; when the credentials to answer with are gone by then, the caller is told why. */
    @Test
    void shortCircuitWithoutInstanceCredentialsRefusesSayingWhy() throws Exception {
        int[] asked = {0};
        CredentialSource failing = () -> {
            // the first answer tells the signer apart; the one to answer with is gone
            if (asked[0]++ == 0) {
                return INSTANCE;
            }
            throw new ImdsException(ImdsException.Kind.UNREACHABLE, "IMDS did not answer. Check the hop limit.");
        };
        Object answer = guard(SelfAssumeMode.SHORT_CIRCUIT, failing).assumeRole(client, request(OWN_ROLE));
        RuntimeException refusal = assertInstanceOf(RuntimeException.class, answer);
        assertTrue(refusal.getMessage().startsWith("imds-agent: refused sts:AssumeRole"), refusal.getMessage());
        assertTrue(refusal.getMessage().endsWith("cannot be had now: IMDS did not answer. Check the hop limit."),
                refusal.getMessage());
        assertEquals("self-assume-blocked", events.get(0).name());
    }

    /** Environment keys, a container role, static keys: another principal, whose AssumeRole the role's trust policy decides. */
    @Test
    void aClientSigningWithOtherCredentialsGoesOnUnreportedInEveryMode() throws Exception {
        for (SelfAssumeMode mode : SelfAssumeMode.values()) {
            assertNull(guard(mode, () -> INSTANCE).assumeRole(otherClient, request(OWN_ROLE)), mode.toString());
        }
        assertEquals(List.of(), events);
    }

    /** Right after a rotation a client may still sign with the previous instance key: still the instance. */
    @Test
    void thePreviousInstanceKeyIsStillTheInstance() throws Exception {
        Credentials[] current = {INSTANCE};
        SelfAssumeGuard guard = guard(SelfAssumeMode.BLOCK, () -> current[0]);
        assertInstanceOf(RuntimeException.class, guard.assumeRole(client, request(OWN_ROLE)));
        current[0] = new Credentials("ASIAROTATED", "rotated-secret", "rotated-token",
                System.currentTimeMillis() + 3_600_000, System.currentTimeMillis());
        assertInstanceOf(RuntimeException.class, guard.assumeRole(client, request(OWN_ROLE)));
        assertNull(guard.assumeRole(otherClient, request(OWN_ROLE)));
        assertEquals(2, events.size(), events.toString());
    }

    /** The SDK signs with the request's own credentials provider where it carries one, so the guard does too. */
    @Test
    void theRequestsOwnCredentialsDecideWhoSigns() throws Exception {
        Object asOther = request(OWN_ROLE);
        asOther.getClass().getMethod("setRequestCredentialsProvider", providerType())
                .invoke(asOther, staticProvider("AKIAOTHERPRINCIPAL"));
        assertNull(guard(SelfAssumeMode.SHORT_CIRCUIT, () -> INSTANCE).assumeRole(client, asOther));
        assertEquals(List.of(), events);
        Object asInstance = request(OWN_ROLE);
        asInstance.getClass().getMethod("setRequestCredentialsProvider", providerType())
                .invoke(asInstance, staticProvider("ASIAINSTANCE"));
        assertInstanceOf(RuntimeException.class, guard(SelfAssumeMode.BLOCK, () -> INSTANCE)
                .assumeRole(otherClient, asInstance));
        assertEquals("self-assume-blocked", events.get(0).name());
    }

    /**
     * A provider that fails leaves the principal unknown: the call goes on (the SDK then reports its own failure
     * to find credentials) and an event says why, never refused or answered with the instance credentials.
     */
    @Test
    void whenTheClientsCredentialsFailTheCallGoesOnReported() throws Exception {
        Object failing = java.lang.reflect.Proxy.newProxyInstance(sdk, new Class<?>[] {providerType()},
                (proxy, method, args) -> {
                    if (method.getName().equals("getCredentials")) {
                        throw new IllegalStateException("no credentials in this test");
                    }
                    return null;
                });
        assertNull(guard(SelfAssumeMode.SHORT_CIRCUIT, () -> INSTANCE).assumeRole(client(failing), request(OWN_ROLE)));
        assertEquals(1, events.size(), events.toString());
        assertEquals("self-assume-unchecked", events.get(0).name());
        assertTrue(String.valueOf(events.get(0).fields().get("reason")).contains("no credentials in this test"),
                events.toString());
    }

    @Test
    void anotherRoleGoesOnUnreported() throws Exception {
        SelfAssumeGuard guard = guard(SelfAssumeMode.BLOCK, () -> INSTANCE);
        assertNull(guard.assumeRole(client, request("arn:aws:iam::123456789012:role/Other")));
        assertNull(guard.assumeRole(client, request("arn:aws:iam::210987654321:role/S3Access")));
        assertEquals(List.of(), events);
    }

    @Test
    void whileTheRoleIsUnknownTheCallGoesOnReported() throws Exception {
        emulator.failNext(InstanceProfile.INFO_PATH, 404, 1);
        assertNull(guard(SelfAssumeMode.BLOCK, () -> INSTANCE).assumeRole(client, request(OWN_ROLE)));
        assertEquals("self-assume-unchecked", events.get(0).name());
        assertTrue(String.valueOf(events.get(0).fields().get("reason")).contains("404"), events.toString());
    }

    @Test
    void otherClassesAndNullsGoOn() throws Exception {
        SelfAssumeGuard guard = guard(SelfAssumeMode.BLOCK, () -> INSTANCE);
        assertNull(guard.assumeRole("not a client", request(OWN_ROLE)));
        assertNull(guard.assumeRole(null, null));
        assertNull(guard.assumeRole(client, null));
        assertEquals(List.of(), events);
    }

    private SelfAssumeGuard guard(SelfAssumeMode mode, CredentialSource credentials) {
        return new SelfAssumeGuard(mode, profile, credentials, events::add, log.log());
    }

    private static Object request(String roleArn) throws Exception {
        Class<?> type = Class.forName("com.amazonaws.services.securitytoken.model.AssumeRoleRequest", false, sdk);
        Object request = type.getConstructor().newInstance();
        type.getMethod("setRoleArn", String.class).invoke(request, roleArn);
        type.getMethod("setRoleSessionName", String.class).invoke(request, "app");
        return request;
    }
}
