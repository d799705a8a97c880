package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.imdsagent.apps.RetransformingApp;
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
 * Another agent in the same JVM (a tracer, a profiler) retransforms classes the agent rewrote at load: the JVM
 * hands the agent's transformer the class as it was defined, so the hooks are there after it, once each.
 */
class RetransformedByAnotherAgentIT {
    @TempDir
    Path directory;

    @Test
    void hooksWovenAtLoadSurviveAnotherAgentsRetransformationOnceEach() throws Exception {
        try (ImdsEmulator imds = ImdsEmulator.builder().mode(ImdsEmulator.Mode.REQUIRED).build().start()) {
            Path events = directory.resolve("events.jsonl");
            CommandResult run = ForkedJvm.java().agent("endpoint=" + imds.baseUrl() + ",events=" + events)
                    .jvmArg("-Djdk.attach.allowAttachSelf=true")
                    .main(ForkedJvm.testClassPath(), RetransformingApp.class,
                            imds.baseUrl() + "/latest/meta-data/instance-id", "3")
                    .run(Duration.ofSeconds(60));
            assertEquals(0, run.exitCode(), run.toString());
            // IMDSv2 is required: a token-less GET succeeds only when the agent upgrades it
            assertEquals(3, run.stdout().lines().filter(line -> line.equals("before: 200")).count(), run.toString());
            assertEquals(3, run.stdout().lines().filter(line -> line.equals("after: 200")).count(), run.toString());
            List<JsonNode> written = LegacyClient.events(events);
            JsonNode last = written.get(written.size() - 1);
            assertEquals("imdsv1-upgraded", last.get("event").asText(), written.toString());
            assertEquals(6, last.get("count").asLong(), "each call reported once\n" + written);
        }
    }
}
