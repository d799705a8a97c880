package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.apps.ConnectionPathsApp;
import io.imdsagent.testapps.requirements.RequiresSealedNamespace;
import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testapps.sealed.SealedResult;
import io.imdsagent.testapps.sealed.SealedRun;
import io.imdsagent.testing.ForkedJvm;
import io.imdsagent.testing.LegacyClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decision is taken on the address the JVM connects to: plain sockets, socket channels (blocking,
 * non-blocking, the socket adaptor), asynchronous socket channels, a redirect, a host name from the hosts file and the literal spellings the
 * JDK reads as decimal all reach IMDS only through the agent's rules; an XML processor's connection is refused
 * even behind a redirect; a container credential endpoint gets the SSRF rules and no IMDSv1 mode. Proved by
 * what the app printed and by the emulator's request log (nothing token-less reached IMDS).
 */
@RequiresSealedNamespace
class ConnectionBoundaryIT {
    private static final String[] IMDS_PATHS = {
        "socket", "socket-unconnected", "channel-blocking", "channel-adaptor", "channel-nonblocking", "async-channel",
        "redirect", "hosts-file", "decimal-zero", "decimal-number",
    };
    @TempDir
    static Path files;
    private static SealedResult result;

    @BeforeAll
    static void runEveryPathInBlockAndUpgrade() throws Exception {
        Path hosts = files.resolve("hosts");
        Files.writeString(hosts, "169.254.169.254 instance-data\n");
        SealedRun.Builder run = SealedRun.builder().emulatorArgs("--mode", "required");
        for (String mode : new String[] {"block", "upgrade"}) {
            List<String> java = ForkedJvm.java().jvmArg("-XX:TieredStopAtLevel=1")
                    .jvmArg("-Djdk.net.hosts.file=" + hosts)
                    .agent("imdsv1=" + mode + ",events=" + files.resolve(mode + ".jsonl"))
                    .main(ForkedJvm.testClassPath(), ConnectionPathsApp.class, "169.254.169.254", "169.254.170.2")
                    .argv();
            List<String> command = new ArrayList<>(List.of("sh", "-c",
                    "ip addr add 169.254.170.2/32 dev lo 2>/dev/null; exec \"$@\"", "sh"));
            command.addAll(java);
            run.command(command);
        }
        result = run.run();
    }

    private static String line(CommandResult command, String path) {
        return command.stdout().lines().filter(line -> line.startsWith(path + ": ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + path + ": " + command));
    }

    @Test
    void underBlockEveryPathIsRefusedAsImdsv1() {
        CommandResult block = result.command(0);
        assertEquals(0, block.exitCode(), block.toString());
        for (String path : IMDS_PATHS) {
            String line = line(block, path);
            // Raw sockets get IMDS's own 401 with the agent's body; HttpURLConnection's hook throws the same words.
            assertTrue(line.contains(LegacyClient.BLOCKED), line);
        }
    }

    @Test
    void underUpgradeEveryPathIsServedOverImdsv2() {
        CommandResult upgrade = result.command(1);
        assertEquals(0, upgrade.exitCode(), upgrade.toString());
        for (String path : IMDS_PATHS) {
            assertEquals(path + ": 200 " + LegacyClient.INSTANCE_ID, line(upgrade, path), upgrade.toString());
        }
    }

    @Test
    void xmlProcessorsAreRefusedEvenBehindARedirect() {
        for (int command = 0; command < 2; command++) {
            CommandResult run = result.command(command);
            for (String path : new String[] {"xml-entity", "xml-redirect", "container-xml"}) {
                assertTrue(line(run, path).contains("imds-agent: refused"), run.toString());
            }
        }
    }

    @Test
    void containerEndpointsGetTheSsrfRulesButNoImdsv1Mode() {
        for (int command = 0; command < 2; command++) {
            CommandResult run = result.command(command);
            assertEquals("container: 200 container-credentials", line(run, "container"), run.toString());
            assertTrue(line(run, "container-forwarded").startsWith("container-forwarded: 403 imds-agent: refused"),
                    run.toString());
            assertEquals("container-requests: 1", line(run, "container-requests"), run.toString());
        }
    }

    @Test
    void nothingTokenLessReachedImds() {
        assertEquals(0, result.imdsRequests().tokenless(), result.imdsRequests().toString());
        assertTrue(result.imdsRequests().size() > 0, result.imdsRequests().toString());
    }

    @Test
    void eventsNameThePathAndTheCaller() throws Exception {
        String block = Files.readString(files.resolve("block.jsonl"));
        assertTrue(block.contains("\"client\":\"socket\""), block);
        assertTrue(block.contains("\"client\":\"socket-channel\""), block);
        // The asynchronous channel connects on the calling thread, so its caller is known too.
        String asynchronous = block.lines().filter(line -> line.contains("\"client\":\"async-socket-channel\""))
                .findFirst().orElse("");
        assertTrue(asynchronous.contains("\"caller\":\"io.imdsagent.apps.ConnectionPathsApp."), block);
        assertTrue(block.contains("\"caller\":\"io.imdsagent.apps.ConnectionPathsApp."), block);
        assertTrue(block.contains("\"event\":\"xml-blocked\""), block);
        assertTrue(block.contains("\"event\":\"forwarded-blocked\""), block);
    }
}
