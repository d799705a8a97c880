package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.imdsagent.testapps.requirements.RequiresJdk25;
import io.imdsagent.testapps.requirements.RequiresSealedNamespace;
import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testapps.sealed.SealedResult;
import io.imdsagent.testapps.sealed.SealedRun;
import io.imdsagent.testing.ForkedJvm;
import io.imdsagent.testing.LegacyClient;
import io.imdsagent.testing.SdkSealedRun;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code imdsv1=upgrade}: every legacy client's token-less IMDS calls, against IMDS in IMDSv2-required mode,
 * get what IMDS gives a tokened request (404s included), each reported with the app's own call site; and no
 * token-less request reaches IMDS. One sealed run holds every app.
 */
@RequiresSealedNamespace
class ImdsV1UpgradeIT {
    @TempDir
    static Path events;
    private static SealedResult result;

    @BeforeAll
    static void runEveryClientUpgraded() throws Exception {
        SealedRun.Builder run = SdkSealedRun.builder("--mode", "required");
        for (LegacyClient client : LegacyClient.values()) {
            client.addCommand(run, "upgrade", events.resolve(client + ".jsonl"));
        }
        result = run.run();
    }

    private static CommandResult command(LegacyClient client) {
        return result.command(client.ordinal());
    }

    @ParameterizedTest
    @EnumSource(LegacyClient.class)
    void theAppGetsWhatImdsGivesATokenedRequest(LegacyClient client) {
        CommandResult command = command(client);
        assertEquals(0, command.exitCode(), command.toString());
        assertEquals(List.of(), LegacyClient.missingLines(client.servedLines(), command.stdout()), command.toString());
    }

    @ParameterizedTest
    @EnumSource(LegacyClient.class)
    void eachCallIsReportedWithTheAppsOwnCallSiteAndClasses(LegacyClient client) {
        List<JsonNode> written = LegacyClient.events(events.resolve(client + ".jsonl"));
        List<JsonNode> upgraded = written.stream().filter(e -> e.get("event").asText().equals("imdsv1-upgraded")).toList();
        assertFalse(upgraded.isEmpty(), written.toString());
        for (JsonNode event : upgraded) {
            assertTrue(event.get("caller").asText().startsWith(client.callerPrefix()), event.toString());
            assertTrue(event.get("jar").asText().contains(client.location()), event.toString());
            assertEquals(client.client(), event.get("client").asText(), event.toString());
            assertTrue(event.get("url").asText().startsWith("http://169.254.169.254"), event.toString());
            assertTrue(event.has("status") && event.has("count") && event.has("folded"), event.toString());
        }
    }

    @Test
    void theSdkMetadataUtilityIsNamedWithItsJarAndVersion() {
        JsonNode event = LegacyClient.events(events.resolve(LegacyClient.SDK_V1_METADATA + ".jsonl")).get(0);
        assertTrue(event.get("caller").asText().startsWith("io.imdsagent.testapps.legacy.sdkv1.LegacyApp.main("),
                event.toString());
        assertTrue(event.get("via").asText().startsWith("com.amazonaws.util.EC2MetadataUtils.getInstanceId("),
                event.toString());
        assertTrue(event.get("viaJar").asText().endsWith("aws-java-sdk-core-1.11.600.jar"), event.toString());
        assertEquals("1.11.600", event.get("viaJarVersion").asText(), event.toString());
    }

    @Test
    void anApplicationJarIsNamedWithItsVersion() {
        JsonNode event = LegacyClient.events(events.resolve(LegacyClient.OKHTTP_3 + ".jsonl")).get(0);
        assertTrue(event.get("jar").asText().endsWith(".jar"), event.toString());
        assertEquals("0.1.0-SNAPSHOT", event.get("jarVersion").asText(), event.toString());
        assertTrue(event.get("via").asText().startsWith("okhttp3.RealCall.execute("), event.toString());
    }

    /** The hooks on JDK classes (the http handler, HttpClientImpl) hold on the newest JDK the agent supports. */
    @Test
    @RequiresJdk25
    void theJdkClientsAreUpgradedAndBlockedOnJdk25Too() throws Exception {
        SealedRun.Builder run = SdkSealedRun.builder("--mode", "required");
        List<LegacyClient> jdkClients = List.of(LegacyClient.URL_CONNECTION, LegacyClient.JDK_HTTP_CLIENT);
        for (LegacyClient client : jdkClients) {
            client.addCommand(run, ForkedJvm.java().javaBinary(ForkedJvm.JDK25_JAVA), "upgrade",
                    events.resolve(client + "-25.jsonl"));
            client.addCommand(run, ForkedJvm.java().javaBinary(ForkedJvm.JDK25_JAVA), "block",
                    events.resolve(client + "-25-blocked.jsonl"));
        }
        SealedResult jdk25 = run.run();
        for (int i = 0; i < jdkClients.size(); i++) {
            LegacyClient client = jdkClients.get(i);
            CommandResult upgraded = jdk25.command(2 * i);
            assertEquals(List.of(), LegacyClient.missingLines(client.servedLines(), upgraded.stdout()), upgraded.toString());
            CommandResult blocked = jdk25.command(2 * i + 1);
            assertEquals(List.of(), LegacyClient.missingLines(client.failedLines(), blocked.stdout()), blocked.toString());
            assertTrue(blocked.stdout().contains(LegacyClient.BLOCKED), blocked.toString());
        }
        assertEquals(0, jdk25.imdsRequests().tokenless(), jdk25.imdsRequests().toString());
    }

    @Test
    void noTokenLessRequestReachedImds() {
        assertEquals(0, result.imdsRequests().tokenless(), result.imdsRequests().toString());
        assertTrue(result.imdsRequests().tokenPuts() >= 1, result.imdsRequests().toString());
    }
}
