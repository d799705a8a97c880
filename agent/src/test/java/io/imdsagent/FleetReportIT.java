package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.imdsagent.apps.RepeatedImdsCallApp;
import io.imdsagent.testapps.emulator.ImdsEmulator;
import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testing.ForkedJvm;
import io.imdsagent.testing.SampleApp;
import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar imds-agent.jar report} over event files that real agent runs wrote: three JVMs on two
 * "hosts" (a hand-written {@code HttpURLConnection} call site, 7 and 3 calls) and the AWS SDK for Java 1.11.600's
 * metadata utilities; one of the files gzipped, as log rotation leaves it.
 */
class FleetReportIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path events;

    @BeforeAll
    static void runTheFleet() throws Exception {
        try (ImdsEmulator imds = ImdsEmulator.builder().mode(ImdsEmulator.Mode.REQUIRED).build().start()) {
            String url = imds.baseUrl() + "/latest/meta-data/instance-id";
            Files.createDirectories(events.resolve("web-2"));
            run(ForkedJvm.java().env("HOSTNAME", "web-1").agent("endpoint=" + imds.baseUrl() + ",events="
                    + events.resolve("web-1.jsonl")).main(ForkedJvm.testClassPath(), RepeatedImdsCallApp.class, url, "7"));
            run(ForkedJvm.java().env("HOSTNAME", "web-2").agent("endpoint=" + imds.baseUrl() + ",events="
                    + events.resolve("web-2/app.jsonl")).main(ForkedJvm.testClassPath(), RepeatedImdsCallApp.class, url, "3"));
            run(ForkedJvm.java().env("HOSTNAME", "web-2").env("IMDS_EMULATOR_URL", imds.baseUrl())
                    .env("AWS_JAVA_V1_DISABLE_DEPRECATION_ANNOUNCEMENT", "true")
                    .jvmArg("-Dcom.amazonaws.sdk.ec2MetadataServiceEndpointOverride=" + imds.baseUrl())
                    .agent("endpoint=" + imds.baseUrl() + ",events=" + events.resolve("web-2/legacy.jsonl"))
                    .main(SampleApp.LEGACY_SDK_V1.classPath(), SampleApp.LEGACY_SDK_V1.mainClass()));
        }
        Path plain = events.resolve("web-2/app.jsonl");
        try (OutputStream gzip = new GZIPOutputStream(Files.newOutputStream(events.resolve("web-2/app.jsonl.1")))) {
            gzip.write(Files.readAllBytes(plain));
        }
        Files.delete(plain);
        Files.writeString(events.resolve("web-2/notes.txt"), "this is not an event\n");
    }

    private static void run(ForkedJvm jvm) throws Exception {
        CommandResult result = jvm.run(TIMEOUT);
        assertEquals(0, result.exitCode(), result.toString());
    }

    private static JsonNode site(JsonNode report, String callerPrefix) {
        for (JsonNode site : report.get("imdsv1")) {
            if (site.get("caller").asText().startsWith(callerPrefix)) {
                return site;
            }
        }
        throw new AssertionError("no call site " + callerPrefix + " in " + report);
    }

    @Test
    void everyCallSiteWithItsDecisionsHostsAndWhatToDo() throws Exception {
        CommandResult result = ForkedJvm.java().agentCli("report", "--format", "json", events.toString()).run(TIMEOUT);
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.stderr().contains("notes.txt:1 is not an event; skipped"), result.toString());
        JsonNode report = JSON.readTree(result.stdout());
        assertEquals(3, report.get("read").get("jvms").asInt(), result.stdout());
        assertEquals(2, report.get("read").get("hosts").asInt(), result.stdout());

        JsonNode handWritten = site(report, RepeatedImdsCallApp.class.getName() + ".get(");
        assertEquals(10, handWritten.get("decisions").asLong(), "7 + 3 decisions: " + handWritten);
        assertEquals(10, handWritten.get("byKind").get("imdsv1-upgraded").asLong(), handWritten.toString());
        assertEquals(2, handWritten.get("hosts").asInt(), handWritten.toString());
        assertEquals("[\"web-1\",\"web-2\"]", handWritten.get("hostExamples").toString());
        assertEquals(RepeatedImdsCallApp.class.getName(), handWritten.get("appExamples").get(0).asText());
        assertTrue(handWritten.get("fix").asText().startsWith("Make this call use IMDSv2"), handWritten.toString());

        JsonNode sdk = site(report, "io.imdsagent.testapps.legacy.sdkv1.LegacyApp.main(");
        JsonNode via = sdk.get("vias").get(0);
        assertTrue(via.get("frame").asText().startsWith("com.amazonaws.util.EC2MetadataUtils."), sdk.toString());
        assertEquals("1.11.600", via.get("version").asText(), sdk.toString());
        assertEquals("Upgrade the AWS SDK for Java v1 from 1.11.600 to 1.11.678 or later, which uses IMDSv2.",
                sdk.get("fix").asText());
        assertEquals("web-2", sdk.get("hostExamples").get(0).asText());
    }

    @Test
    void standardInputReadsAPipeAsTextAndAnEmptyFleetExitsZero() throws Exception {
        Path joined = Files.createTempFile("events", ".jsonl");
        try {
            Files.write(joined, Files.readAllBytes(events.resolve("web-1.jsonl")));
            ProcessBuilder builder = new ProcessBuilder(ForkedJvm.java().agentCli("report", "-").argv())
                    .redirectInput(joined.toFile()).redirectErrorStream(true);
            Process process = builder.start();
            String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS), text);
            assertEquals(2, process.exitValue(), text);
            assertTrue(text.contains("decisions  7: imdsv1-upgraded 7"), text);
            assertTrue(text.contains("hosts      1 (web-1)"), text);
            assertTrue(text.endsWith("1 IMDSv1 call site to fix before IMDSv2 can be required.\n"), text);
        } finally {
            Files.delete(joined);
        }
        Path empty = Files.createTempDirectory("no-events");
        try {
            CommandResult ready = ForkedJvm.java().agentCli("report", empty.toString()).run(TIMEOUT);
            assertEquals(0, ready.exitCode(), ready.toString());
            assertTrue(ready.stdout().contains("IMDSv2 can be required"), ready.toString());
        } finally {
            Files.delete(empty);
        }
    }

    @Test
    void anUnreadablePathExitsOne() throws Exception {
        CommandResult result = ForkedJvm.java().agentCli("report", events + File.separator + "missing").run(TIMEOUT);
        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.stderr().startsWith("imds-agent: cannot read "), result.toString());
        assertFalse(result.stdout().contains("IMDSv1"), result.toString());
    }
}
