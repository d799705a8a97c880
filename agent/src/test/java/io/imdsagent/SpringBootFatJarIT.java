package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.imdsagent.testapps.emulator.ImdsEmulator;
import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testing.BootFatJar;
import io.imdsagent.testing.Companions;
import io.imdsagent.testing.ForkedJvm;
import io.imdsagent.testing.LegacyClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The README's Spring Boot recipe: {@code java -javaagent:imds-agent.jar -jar app.jar} on a Boot fat jar run by
 * Boot's own launcher (3.5, whose nested jars are {@code jar:nested:} URLs, and 2.7, {@code jar:file:...!/...!/}).
 * The IMDSv1 call comes from a library jar nested under {@code BOOT-INF/lib/}: it is upgraded, and the event names
 * that library and its version.
 */
class SpringBootFatJarIT {
    @TempDir
    static Path directory;
    private static ImdsEmulator imds;

    @BeforeAll
    static void startImds() throws Exception {
        imds = ImdsEmulator.builder().mode(ImdsEmulator.Mode.REQUIRED).build().start();
    }

    @AfterAll
    static void stopImds() {
        imds.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "SPRING_BOOT_3_LOADER, org.springframework.boot.loader.launch.JarLauncher",
        "SPRING_BOOT_2_LOADER, org.springframework.boot.loader.JarLauncher"})
    void anImdsV1CallFromANestedLibraryIsUpgradedAndNamesThatLibrary(Companions loader, String launcher)
            throws Exception {
        Path app = BootFatJar.write(directory.resolve(loader + "-app.jar"), loader.jar(), launcher);
        Path events = directory.resolve(loader + ".jsonl");
        CommandResult run = ForkedJvm.java().agent("endpoint=" + imds.baseUrl() + ",timeout=5s,events=" + events)
                .jar(app, imds.baseUrl()).run(Duration.ofSeconds(60));
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.stdout().contains("instance id: " + imds.instanceId()), run.toString());
        assertTrue(run.stdout().contains("loaded by: org.springframework.boot.loader."), run.toString());

        List<JsonNode> upgraded = LegacyClient.events(events).stream()
                .filter(event -> event.get("event").asText().equals("imdsv1-upgraded")).toList();
        assertEquals(1, upgraded.size(), upgraded.toString());
        JsonNode event = upgraded.get(0);
        assertTrue(event.get("caller").asText().startsWith(
                "io.imdsagent.apps.bootlib.InstanceMetadataClient.instanceId(InstanceMetadataClient.java:"), event.toString());
        assertEquals(app + "!/" + BootFatJar.LIBRARY, event.get("jar").asText(), event.toString());
        assertEquals(BootFatJar.LIBRARY_VERSION, event.get("jarVersion").asText(), event.toString());
        assertEquals(0, imds.requests().tokenless(), imds.requests().toString());
    }
}
