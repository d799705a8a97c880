package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testing.ForkedJvm;
import java.nio.file.Files;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code java -jar imds-agent.jar version}: the Maven project version the jar was built from. */
class VersionCommandIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The project's version as the root pom declares it (the first {@code <version>} after the parent's). */
    private static String projectVersion() throws Exception {
        String pom = Files.readString(ForkedJvm.repoRoot().resolve("agent/pom.xml"));
        Matcher parent = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL).matcher(pom);
        assertTrue(parent.find(), "agent/pom.xml names its parent's version");
        return parent.group(1);
    }

    @Test
    void versionPrintsTheProjectVersion() throws Exception {
        CommandResult result = ForkedJvm.java().agentCli("version").run(TIMEOUT);
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("imds-agent " + projectVersion() + "\n", result.stdout(), result.toString());
        assertEquals("", result.stderr(), result.toString());
    }

    @Test
    void usageBeginsWithTheVersion() throws Exception {
        CommandResult usage = ForkedJvm.java().agentCli().run(TIMEOUT);
        assertEquals(0, usage.exitCode(), usage.toString());
        assertEquals("imds-agent " + projectVersion(), usage.stdout().lines().findFirst().orElseThrow());
        assertTrue(usage.stdout().contains("java -jar imds-agent.jar version"), usage.toString());
        assertTrue(usage.stdout().contains("java -jar imds-agent.jar report"), usage.toString());
    }
}
