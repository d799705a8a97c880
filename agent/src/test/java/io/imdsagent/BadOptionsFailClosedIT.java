package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.apps.HelloApp;
import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testing.ForkedJvm;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad option stops the JVM at start with one line naming the key: a silently-off control is worse than none. */
class BadOptionsFailClosedIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "imdsv1=sometimes      | imdsv1",
        "self-assume=yes       | self-assume",
        "token-ttl=0           | token-ttl",
        "refresh-ahead=soon    | refresh-ahead",
        "attempts=11           | attempts",
        "log=chatty            | log",
        "endpoint=ftp://x      | endpoint",
        "imdsv2=upgrade        | imdsv2",
    })
    void aBadAgentArgumentStopsTheJvmWithOneLine(String options, String key) throws Exception {
        CommandResult result = ForkedJvm.java().agent(options).main(ForkedJvm.testClassPath(), HelloApp.class)
                .run(TIMEOUT);
        assertFailedClosed(result, key);
    }

    @Test
    void aBadSystemPropertyStopsTheJvm() throws Exception {
        CommandResult result = ForkedJvm.java().jvmArg("-Dimds.agent.imdsv1=maybe").agent(null)
                .main(ForkedJvm.testClassPath(), HelloApp.class).run(TIMEOUT);
        assertFailedClosed(result, "imdsv1");
    }

    @Test
    void anUnknownEnvironmentVariableStopsTheJvm() throws Exception {
        CommandResult result = ForkedJvm.java().env("IMDS_AGENT_IMDSV3", "block").agent(null)
                .main(ForkedJvm.testClassPath(), HelloApp.class).run(TIMEOUT);
        assertFailedClosed(result, "IMDS_AGENT_IMDSV3");
    }

    @Test
    void theSameThroughJavaToolOptions() throws Exception {
        CommandResult result = ForkedJvm.java()
                .env("JAVA_TOOL_OPTIONS", "-javaagent:" + ForkedJvm.agentJar() + "=imdsv1=sometimes")
                .main(ForkedJvm.testClassPath(), HelloApp.class).run(TIMEOUT);
        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.stderr().contains("imds-agent: ") && result.stderr().contains("imdsv1"), result.toString());
        assertFalse(result.stdout().contains("hello from the app"), result.toString());
    }

    @Test
    void jdkToolsStartedThroughJavaToolOptionsAreLeftAlone() throws Exception {
        Path jps = Path.of(System.getProperty("java.home"), "bin", "jps");
        ProcessBuilder builder = new ProcessBuilder(jps.toString(), "-q").redirectErrorStream(true);
        builder.environment().put("JAVA_TOOL_OPTIONS", "-javaagent:" + ForkedJvm.agentJar() + "=imdsv1=sometimes");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), output);
        assertFalse(output.contains("imds-agent:"), output);
    }

    @Test
    void goodOptionsLetTheApplicationRun() throws Exception {
        CommandResult result = ForkedJvm.java().agent("imdsv1=block,self-assume=short-circuit,token-ttl=60,"
                        + "refresh-ahead=10m,timeout=250ms,attempts=2,events=off,log=warn")
                .main(ForkedJvm.testClassPath(), HelloApp.class).run(TIMEOUT);
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.stdout().contains("app done"), result.toString());
        assertEquals("", result.stderr().replaceAll("(?m)^Picked up JAVA_TOOL_OPTIONS.*\\R", ""), result.toString());
    }

    private static void assertFailedClosed(CommandResult result, String key) {
        assertEquals(1, result.exitCode(), result.toString());
        String stderr = result.stderr().strip();
        assertEquals(1, stderr.lines().count(), "exactly one line: " + result);
        assertTrue(stderr.startsWith("imds-agent:"), result.toString());
        assertTrue(stderr.contains(key), "names the key " + key + ": " + result);
        assertFalse(result.stdout().contains("hello from the app"), "the application must not run: " + result);
    }
}
