package io.imdsagent.handler;

import static io.imdsagent.handler.InstrumentedSdks.call;
import static io.imdsagent.handler.InstrumentedSdks.field;
import static io.imdsagent.handler.InstrumentedSdks.sdk;
import static io.imdsagent.handler.InstrumentedSdks.v1Provider;
import static io.imdsagent.handler.InstrumentedSdks.v2Provider;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.imdsagent.adapters.CapturedLog;
import io.imdsagent.imds.CredentialSource;
import io.imdsagent.imds.Credentials;
import io.imdsagent.imds.ImdsException;
import io.imdsagent.testing.SampleApp;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The hooks woven into each SDK version (1.11's Java 6 classes too): the provider's methods return the
 * agent's credentials or throw the SDK's exception without running the SDK's body, and the ECS container
 * code and {@code AWS_EC2_METADATA_DISABLED} leave the SDK to itself. In this JVM, not in a sealed namespace,
 * so every path that lets the SDK run is one that fails before any network (and the SDKs' metadata
 * endpoints point at a closed loopback port besides).
 */
class SdkAdviceTest {
    private static final Credentials SERVED = new Credentials("ASIASERVEDBYAGENT", "served-secret", "served-token",
            System.currentTimeMillis() + 3_600_000, System.currentTimeMillis());

    @ParameterizedTest
    @EnumSource(value = SampleApp.class, names = {"SDK_V1_11", "SDK_V1_12"})
    void sdkV1ProviderAndItsFetcherReturnTheAgentsCredentials(SampleApp app) throws Exception {
        serve(() -> SERVED, false);
        Object provider = v1Provider(app);
        assertEquals("ASIASERVEDBYAGENT", call(call(provider, "getCredentials"), "getAWSAccessKeyId"));
        // A refresh thread started before a dynamic attach calls the fetcher directly.
        Object fetcher = field(provider, "credentialsFetcher");
        assertEquals("ASIASERVEDBYAGENT", call(call(fetcher, "getCredentials"), "getAWSAccessKeyId"));
        call(provider, "refresh");
        assertEquals("ASIASERVEDBYAGENT", call(call(provider, "getCredentials"), "getAWSAccessKeyId"));
    }

    @ParameterizedTest
    @EnumSource(value = SampleApp.class, names = {"SDK_V2_5", "SDK_V2_57"})
    void sdkV2ProviderAndItsRefreshReturnTheAgentsCredentials(SampleApp app) throws Exception {
        serve(() -> SERVED, false);
        Object provider = v2Provider(app);
        assertEquals("ASIASERVEDBYAGENT", call(call(provider, "resolveCredentials"), "accessKeyId"));
        Object refreshed = call(provider, "refreshCredentials");
        assertEquals("ASIASERVEDBYAGENT", call(call(refreshed, "value"), "accessKeyId"));
    }

    @Test
    void sdkV2ResolveIdentityGoesThroughResolveCredentials() throws Exception {
        serve(() -> SERVED, false);
        Object identity = ((CompletableFuture<?>) call(v2Provider(SampleApp.SDK_V2_57), "resolveIdentity")).join();
        assertEquals("ASIASERVEDBYAGENT", call(identity, "accessKeyId"));
    }

    @ParameterizedTest
    @EnumSource(value = SampleApp.class, names = {"SDK_V1_11", "SDK_V1_12", "SDK_V2_5", "SDK_V2_57"})
    void whenTheAgentHasNoCredentialsTheCallerGetsTheSdksClientException(SampleApp app) throws Exception {
        serve(() -> {
            throw new ImdsException(ImdsException.Kind.UNREACHABLE, "IMDS did not answer; check the hop limit");
        }, false);
        boolean v1 = app.name().startsWith("SDK_V1");
        Object provider = v1 ? v1Provider(app) : v2Provider(app);
        RuntimeException thrown = assertThrows(RuntimeException.class,
                () -> call(provider, v1 ? "getCredentials" : "resolveCredentials"));
        assertEquals(v1 ? "com.amazonaws.SdkClientException" : "software.amazon.awssdk.core.exception.SdkClientException",
                thrown.getClass().getName());
        assertEquals("imds-agent: IMDS did not answer; check the hop limit", thrown.getMessage());
    }

    @Test
    void withImdsCredentialsDisabledTheSdkSaysWhatItSays() throws Exception {
        serve(() -> SERVED, true);
        System.setProperty("aws.disableEc2Metadata", "true");
        System.setProperty("com.amazonaws.sdk.disableEc2Metadata", "true");
        try {
            RuntimeException v2 = assertThrows(RuntimeException.class,
                    () -> call(v2Provider(SampleApp.SDK_V2_57), "resolveCredentials"));
            assertTrue(v2.getMessage().contains("IMDS credentials have been disabled"), v2.toString());
            RuntimeException v1 = assertThrows(RuntimeException.class,
                    () -> call(v1Provider(SampleApp.SDK_V1_12), "getCredentials"));
            assertTrue(v1.getMessage().contains("AWS_EC2_METADATA_DISABLED is set to true"), v1.toString());
        } finally {
            System.clearProperty("aws.disableEc2Metadata");
            System.clearProperty("com.amazonaws.sdk.disableEc2Metadata");
        }
    }

    @ParameterizedTest
    @EnumSource(value = SampleApp.class, names = {"SDK_V1_11", "SDK_V1_12", "SDK_V2_5", "SDK_V2_57"})
    void theEcsContainerProviderRunsTheSdksOwnCode(SampleApp app) throws Exception {
        assumeTrue(System.getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") == null
                && System.getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI") == null,
                "ECS container variables are set here; the SDK's own code would call the container endpoint");
        serve(() -> SERVED, false);
        boolean v1 = app.name().startsWith("SDK_V1");
        Class<?> type = sdk(app).loadClass(v1 ? "com.amazonaws.auth.ContainerCredentialsProvider"
                : "software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider");
        Object provider = v1 ? type.getConstructor().newInstance() : call(type.getMethod("builder").invoke(null), "build");
        RuntimeException thrown = assertThrows(RuntimeException.class,
                () -> call(provider, v1 ? "getCredentials" : "resolveCredentials"));
        assertTrue(thrown.getMessage().contains("AWS_CONTAINER_CREDENTIALS_"), thrown.toString());
    }

    private static void serve(CredentialSource source, boolean credentialsDisabled) {
        InstrumentedSdks.serve(new AgentHandler(source, credentialsDisabled, new CapturedLog().log()));
    }
}
