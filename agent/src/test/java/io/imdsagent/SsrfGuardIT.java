package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.apps.ProxiedImdsApp;
import io.imdsagent.apps.SsrfApp;
import io.imdsagent.testapps.emulator.ImdsEmulator;
import io.imdsagent.testapps.requirements.RequiresSealedNamespace;
import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testapps.sealed.SealedResult;
import io.imdsagent.testapps.sealed.SealedRun;
import io.imdsagent.testing.ForkedJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * XML entities, XInclude and forwarded requests never get an IMDS answer, and requests to IMDS never go
 * through a proxy, whatever imdsv1 says.
 */
class SsrfGuardIT {

    @Test
    void xmlAndForwardedRequestsToImdsAreRefusedAndNothingIsFetched() throws Exception {
        Path events = Files.createTempFile("ssrf-events", ".jsonl");
        try (ImdsEmulator emulator = ImdsEmulator.builder().mode(ImdsEmulator.Mode.OPTIONAL).role("s3access").build()
                .start()) {
            CommandResult without = ForkedJvm.java().main(ForkedJvm.testClassPath(), SsrfApp.class, emulator.baseUrl())
                    .run(Duration.ofSeconds(60));
            assertTrue(without.stdout().contains("xinclude: parsed: i-"), "proof the leak exists: " + without);
            assertTrue(without.stdout().contains("forwarded: status 200"), "proof the leak exists: " + without);
            int leaked = emulator.requests().size();

            CommandResult with = ForkedJvm.java().agent("endpoint=" + emulator.baseUrl() + ",imdsv1=allow,events=" + events)
                    .main(ForkedJvm.testClassPath(), SsrfApp.class, emulator.baseUrl()).run(Duration.ofSeconds(60));
            assertEquals(0, with.exitCode(), with.toString());
            for (String path : new String[] {"entity", "forwarded"}) {
                assertTrue(with.stdout().lines().anyMatch(line -> line.startsWith(path + ": ")
                        && line.contains("imds-agent: refused")), path + " was not refused: " + with);
            }
            // Xerces turns a failed XInclude fetch into its own parse error; the agent's refusal is its reason.
            assertTrue(with.stdout().lines().anyMatch(line -> line.startsWith("xinclude: ") && !line.contains("i-")),
                    with.toString());
            assertTrue(with.stderr().contains("Reason: imds-agent: refused"), with.toString());
            assertEquals(leaked, emulator.requests().size(), "nothing may reach IMDS: " + emulator.requests());
            String written = Files.readString(events);
            assertEquals(2, written.lines().filter(line -> line.contains("\"event\":\"xml-blocked\"")).count(), written);
            assertEquals(1, written.lines().filter(line -> line.contains("\"event\":\"forwarded-blocked\"")).count(),
                    written);
        } finally {
            Files.deleteIfExists(events);
        }
    }

    @Test
    @RequiresSealedNamespace
    void requestsToImdsNeverGoThroughAProxy() throws Exception {
        String events = "/tmp/imds-agent-proxy-events-" + ProcessHandle.current().pid() + ".jsonl";
        SealedResult result = SealedRun.builder().emulatorArgs("--mode", "optional")
                .command(ForkedJvm.java().main(ForkedJvm.testClassPath(), ProxiedImdsApp.class, "http://169.254.169.254")
                        .argv())
                .command(ForkedJvm.java().agent("imdsv1=allow,events=" + events)
                        .main(ForkedJvm.testClassPath(), ProxiedImdsApp.class, "http://169.254.169.254").argv())
                .command("cat", events)
                .run();
        CommandResult proof = result.command(0);
        assertTrue(proof.stdout().contains("status 502 body  proxied 1"), "proof the proxy is used: " + proof);
        CommandResult guarded = result.command(1);
        assertTrue(guarded.stdout().contains("status 200 body i-") && guarded.stdout().contains("proxied 0"),
                guarded.toString());
        assertTrue(result.command(2).stdout().contains("\"event\":\"proxy-bypassed\""), result.command(2).toString());
        Files.deleteIfExists(Path.of(events));
    }
}
