package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.imdsagent.testapps.emulator.RecordedRequest;
import io.imdsagent.testapps.requirements.RequiresSealedNamespace;
import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testapps.sealed.SealedResult;
import io.imdsagent.testapps.sealed.SealedRun;
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
 * Without the agent every legacy client's token-less call gets IMDS's 401 (IMDSv2 is required): the proof
 * that the upgrade and block tests can fail. With {@code imdsv1=allow} the calls go to IMDS untouched, get
 * the same 401, and are reported with the app's call site. One sealed run holds every app, both ways.
 */
@RequiresSealedNamespace
class ImdsV1AllowIT {
    @TempDir
    static Path events;
    private static SealedResult result;

    @BeforeAll
    static void runEveryClientWithoutAgentAndAllowed() throws Exception {
        SealedRun.Builder run = SdkSealedRun.builder("--mode", "required");
        for (LegacyClient client : LegacyClient.values()) {
            client.addCommand(run, null, null);
            client.addCommand(run, "allow", events.resolve(client + ".jsonl"));
        }
        result = run.run();
    }

    @ParameterizedTest
    @EnumSource(LegacyClient.class)
    void withoutTheAgentImdsRefusesTheTokenLessCalls(LegacyClient client) {
        CommandResult command = result.command(2 * client.ordinal());
        assertEquals(List.of(), LegacyClient.missingLines(client.unauthorizedLines(), command.stdout()), command.toString());
    }

    @ParameterizedTest
    @EnumSource(LegacyClient.class)
    void allowedCallsGoUntouchedAndAreReported(LegacyClient client) {
        CommandResult command = result.command(2 * client.ordinal() + 1);
        assertEquals(List.of(), LegacyClient.missingLines(client.unauthorizedLines(), command.stdout()), command.toString());
        List<JsonNode> written = LegacyClient.events(events.resolve(client + ".jsonl"));
        assertFalse(written.isEmpty());
        for (JsonNode event : written) {
            assertEquals("imdsv1-allowed", event.get("event").asText(), event.toString());
            assertTrue(event.get("caller").asText().startsWith(client.callerPrefix()), event.toString());
        }
    }

    @Test
    void everyTokenLessRequestReachedImdsAndGot401() {
        List<RecordedRequest> tokenless = result.imdsRequests().all().stream()
                .filter(request -> !request.hadToken() && !request.isTokenPut()).toList();
        assertFalse(tokenless.isEmpty());
        tokenless.forEach(request -> assertEquals(401, request.status(), request.toString()));
    }
}
