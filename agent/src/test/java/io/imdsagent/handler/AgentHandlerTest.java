package io.imdsagent.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.imds.CredentialSource;
import io.imdsagent.imds.Credentials;
import io.imdsagent.imds.ImdsException;
import io.imdsagent.adapters.CapturedLog;
import io.imdsagent.testing.SampleApp;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the bridge gets back: SDK objects, the SDK's exception as a value, or null to let the SDK run. */
class AgentHandlerTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Credentials CREDENTIALS = new Credentials("ASIAHANDLER", "handler-secret", "handler-token",
            NOW.toEpochMilli() + 3_600_000, NOW.toEpochMilli());
    private static URLClassLoader sdkV2;
    private static Object instanceProfileProvider;
    private static Object containerProvider;

    private final CapturedLog log = new CapturedLog();
    private final AtomicInteger asked = new AtomicInteger();

    @BeforeAll
    static void loadSdk() throws Exception {
        sdkV2 = SampleApp.SDK_V2_5.isolatedLoader();
        // Building providers sends nothing; only resolving does, and these are never resolved.
        instanceProfileProvider = build("software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider");
        containerProvider = build("software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider");
    }

    @AfterAll
    static void closeSdk() throws Exception {
        sdkV2.close();
    }

    @Test
    void servesTheSdksCredentialsToAnInstanceProfileProvider() throws Exception {
        Object served = handler(false).instanceProfileCredentials(instanceProfileProvider);
        assertEquals("software.amazon.awssdk.auth.credentials.AwsSessionCredentials", served.getClass().getName());
        assertEquals("ASIAHANDLER", served.getClass().getMethod("accessKeyId").invoke(served));
    }

    @Test
    void servesARefreshResultAtTheHandlersClock() throws Exception {
        Object result = handler(false).instanceProfileRefreshResult(instanceProfileProvider);
        assertEquals(NOW.plusMillis(60_000), result.getClass().getMethod("prefetchTime").invoke(result));
    }

    @Test
    void aFailureOfTheSourceIsReturnedAsTheSdksExceptionNotThrown() {
        AgentHandler handler = new AgentHandler(() -> {
            throw new ImdsException(ImdsException.Kind.BAD_ANSWER, "IMDS answered 404; attach an instance profile");
        }, false, log.log(), Clock.fixed(NOW, ZoneOffset.UTC));
        Object answer = handler.instanceProfileCredentials(instanceProfileProvider);
        assertEquals("software.amazon.awssdk.core.exception.SdkClientException", answer.getClass().getName());
        assertEquals("imds-agent: IMDS answered 404; attach an instance profile", ((RuntimeException) answer).getMessage());
        assertTrue(handler.instanceProfileRefreshResult(instanceProfileProvider) instanceof RuntimeException);
    }

    @Test
    void leavesEverythingToTheSdkWhenImdsCredentialsAreDisabled() {
        AgentHandler handler = handler(true);
        assertNull(handler.instanceProfileCredentials(instanceProfileProvider));
        assertNull(handler.instanceProfileRefreshResult(instanceProfileProvider));
        assertEquals(0, asked.get(), "the source was asked");
    }

    @Test
    void leavesOtherProvidersToTheSdkWithoutAskingTheSource() {
        AgentHandler handler = handler(false);
        assertNull(handler.instanceProfileCredentials(containerProvider));
        assertNull(handler.instanceProfileRefreshResult(containerProvider));
        assertNull(handler.instanceProfileCredentials(new Object()));
        assertNull(handler.instanceProfileCredentials(null));
        assertEquals(0, asked.get(), "the source was asked");
    }

    private AgentHandler handler(boolean credentialsDisabled) {
        CredentialSource source = () -> {
            asked.incrementAndGet();
            return CREDENTIALS;
        };
        return new AgentHandler(source, credentialsDisabled, log.log(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static Object build(String providerClass) throws Exception {
        Object builder = Class.forName(providerClass, true, sdkV2).getMethod("builder").invoke(null);
        Method build = builder.getClass().getMethod("build");
        build.setAccessible(true);
        return build.invoke(builder);
    }
}
