package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.imdsagent.testapps.requirements.RequiresSealedNamespace;
import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testapps.sealed.SealedResult;
import io.imdsagent.testapps.sealed.SealedRun;
import io.imdsagent.testing.Companions;
import io.imdsagent.testing.ForkedJvm;
import io.imdsagent.testing.LegacyClient;
import io.imdsagent.testing.SampleApp;
import io.imdsagent.testing.SdkSealedRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OpenTelemetry Java agent (2.31, which instruments the same SDKs and HTTP clients) and imds-agent in one
 * JVM, in either order, exporters off: the SDK v2 app signs with the credentials IMDS served the agent, the
 * {@code HttpURLConnection} app's IMDSv1 calls are upgraded, and neither agent prints a stack trace.
 */
@RequiresSealedNamespace
class OpenTelemetryAgentCoexistenceIT {
    @TempDir
    Path directory;

    @RequiresSealedNamespace
    @ParameterizedTest(name = "OpenTelemetry agent first: {0}")
    @ValueSource(booleans = {true, false})
    void bothAgentsWorkInEitherOrder(boolean openTelemetryFirst) throws Exception {
        Path events = directory.resolve("events.jsonl");
        SealedRun.Builder run = SdkSealedRun.builder("--mode", "required").withStsStub(true)
                .timeout(Duration.ofSeconds(240));
        run.command(SampleApp.SDK_V2_57.command(withBothAgents(openTelemetryFirst, "")));
        LegacyClient.URL_CONNECTION.addCommand(run, withBothAgents(openTelemetryFirst, ",events=" + events),
                null, null);
        SealedResult result = run.run();

        CommandResult sdk = result.command(0);
        assertEquals(0, sdk.exitCode(), sdk.toString());
        String accessKeyId = SdkSealedRun.servedKeys(result.imdsRequests()).keySet().iterator().next();
        assertTrue(sdk.stdout().contains("access-key-id=" + accessKeyId + " "), sdk.toString());
        assertEquals(accessKeyId, result.stsRequests().get(0).accessKeyId(), result.stsRequests().toString());

        CommandResult legacy = result.command(1);
        assertEquals(0, legacy.exitCode(), legacy.toString());
        assertEquals(List.of(), LegacyClient.missingLines(LegacyClient.URL_CONNECTION.servedLines(), legacy.stdout()),
                legacy.toString());
        List<JsonNode> upgraded = LegacyClient.events(events).stream()
                .filter(event -> event.get("event").asText().equals("imdsv1-upgraded")).toList();
        assertFalse(upgraded.isEmpty(), legacy.toString());
        assertEquals(0, result.imdsRequests().tokenless(), result.imdsRequests().toString());

        for (CommandResult command : List.of(sdk, legacy)) {
            assertTrue(command.stderr().contains("opentelemetry-javaagent"), "the OpenTelemetry agent did not start\n"
                    + command);
            assertFalse(command.stderr().contains("\tat ") || command.stderr().contains("Exception"), command.toString());
        }
    }

    private static ForkedJvm withBothAgents(boolean openTelemetryFirst, String imdsAgentOptions) {
        ForkedJvm jvm = ForkedJvm.java();
        if (!openTelemetryFirst) {
            jvm.agent("log=info,timeout=5s" + imdsAgentOptions);
        }
        jvm.jvmArg("-javaagent:" + Companions.OPENTELEMETRY_AGENT.jar())
                .jvmArg("-Dotel.traces.exporter=none")
                .jvmArg("-Dotel.metrics.exporter=none")
                .jvmArg("-Dotel.logs.exporter=none");
        if (openTelemetryFirst) {
            jvm.agent("log=info,timeout=5s" + imdsAgentOptions);
        }
        return jvm;
    }
}
