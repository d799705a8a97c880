package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.imdsagent.testapps.requirements.RequiresSealedNamespace;
import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testapps.sealed.SealedResult;
import io.imdsagent.testapps.sealed.SealedRun;
import io.imdsagent.testing.LegacyClient;
import io.imdsagent.testing.SdkSealedRun;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code imdsv1=block}: every legacy client's token-less IMDS call fails with an {@code imds-agent:}
 * IOException that says IMDSv1 is blocked and how to fix it, reported with the app's call site, and nothing
 * token-less reaches IMDS; the same clients with a token pass untouched. One sealed run holds every app.
 */
@RequiresSealedNamespace
class ImdsV1BlockIT {
    @TempDir
    static Path events;
    private static SealedResult result;
    private static final Map<LegacyClient, Integer> BLOCKED = new EnumMap<>(LegacyClient.class);
    private static final Map<LegacyClient, Integer> TOKENED = new EnumMap<>(LegacyClient.class);

    @BeforeAll
    static void runEveryClientBlocked() throws Exception {
        SealedRun.Builder run = SdkSealedRun.builder("--mode", "required");
        int index = 0;
        for (LegacyClient client : LegacyClient.values()) {
            client.addCommand(run, "block", events.resolve(client + ".jsonl"));
            BLOCKED.put(client, index++);
            if (client.makesCommonCalls()) {
                client.addCommand(run, "block", events.resolve(client + "-tokened.jsonl"), "--token");
                TOKENED.put(client, index++);
            }
        }
        result = run.run();
    }

    @ParameterizedTest
    @EnumSource(LegacyClient.class)
    void everyTokenLessCallFailsSayingImdsV1IsBlocked(LegacyClient client) {
        CommandResult command = result.command(BLOCKED.get(client));
        assertEquals(0, command.exitCode(), command.toString());
        assertEquals(List.of(), LegacyClient.missingLines(client.failedLines(), command.stdout()), command.toString());
        assertTrue(command.stderr().contains("imds-agent: warning: blocked an IMDSv1 call"), command.toString());
        if (client.showsRefusal()) {
            assertTrue((command.stdout() + command.stderr()).contains(LegacyClient.BLOCKED), command.toString());
            command.stdout().lines().filter(line -> line.contains(": error ")).forEach(line ->
                    assertTrue(line.contains(LegacyClient.BLOCKED) && line.contains("imdsv1=upgrade"), line));
        }
    }

    @ParameterizedTest
    @EnumSource(LegacyClient.class)
    void eachBlockedCallIsReportedWithTheAppsOwnCallSite(LegacyClient client) {
        List<JsonNode> written = LegacyClient.events(events.resolve(client + ".jsonl"));
        assertFalse(written.isEmpty());
        for (JsonNode event : written) {
            assertEquals("imdsv1-blocked", event.get("event").asText(), event.toString());
            assertTrue(event.get("caller").asText().startsWith(client.callerPrefix()), event.toString());
            assertTrue(event.get("jar").asText().contains(client.location()), event.toString());
        }
    }

    static Stream<LegacyClient> commonCallClients() {
        return Arrays.stream(LegacyClient.values()).filter(LegacyClient::makesCommonCalls);
    }

    @ParameterizedTest
    @MethodSource("commonCallClients")
    void aTokenedClientPassesUntouched(LegacyClient client) {
        CommandResult command = result.command(TOKENED.get(client));
        assertEquals(List.of(), LegacyClient.missingLines(client.servedLines(), command.stdout()), command.toString());
        assertEquals(List.of(), LegacyClient.events(events.resolve(client + "-tokened.jsonl")));
    }

    @Test
    void noTokenLessRequestReachedImds() {
        assertEquals(0, result.imdsRequests().tokenless(), result.imdsRequests().toString());
    }
}
