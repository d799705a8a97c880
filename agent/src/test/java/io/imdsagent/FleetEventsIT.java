package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.imdsagent.apps.RepeatedImdsCallApp;
import io.imdsagent.testapps.emulator.ImdsEmulator;
import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testing.ForkedJvm;
import io.imdsagent.testing.LegacyClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events a fleet can add up: every event names its JVM ({@code host}, {@code pid}, {@code app}), and the
 * last {@code count} of each call site reaches the file when the JVM exits, so no decision is lost.
 */
class FleetEventsIT {
    @TempDir
    Path directory;

    @Test
    void sevenCallsFromOneSiteEndWithCountSevenAndNameTheJvm() throws Exception {
        try (ImdsEmulator imds = ImdsEmulator.builder().mode(ImdsEmulator.Mode.REQUIRED).build().start()) {
            Path events = directory.resolve("events.jsonl");
            CommandResult run = ForkedJvm.java().agent("endpoint=" + imds.baseUrl() + ",events=" + events)
                    .env("HOSTNAME", "fleet-host-7")
                    .main(ForkedJvm.testClassPath(), RepeatedImdsCallApp.class,
                            imds.baseUrl() + "/latest/meta-data/instance-id", "7")
                    .run(Duration.ofSeconds(60));
            assertEquals(0, run.exitCode(), run.toString());
            assertEquals(7, run.stdout().lines().filter(line -> line.equals("status: 200")).count(), run.toString());
            long pid = Long.parseLong(run.stdout().lines().findFirst().orElseThrow().substring("pid: ".length()));

            List<JsonNode> written = LegacyClient.events(events);
            List<Long> counts = written.stream().map(event -> event.get("count").asLong()).toList();
            assertEquals(List.of(1L, 2L, 4L, 7L), counts, written.toString());
            assertEquals(2, written.get(3).get("folded").asLong(), written.toString());
            for (JsonNode event : written) {
                assertEquals("imdsv1-upgraded", event.get("event").asText(), event.toString());
                assertTrue(event.get("caller").asText().startsWith(RepeatedImdsCallApp.class.getName() + ".get("),
                        event.toString());
                assertEquals("fleet-host-7", event.get("host").asText(), event.toString());
                assertEquals(pid, event.get("pid").asLong(), event.toString());
                assertEquals(RepeatedImdsCallApp.class.getName(), event.get("app").asText(), event.toString());
            }
        }
    }
}
