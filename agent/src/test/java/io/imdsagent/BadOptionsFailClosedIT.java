package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.apps.HelloApp;
import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testing.ForkedJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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

    /** Read and refused, not left to take effect the day the agent argument goes. */
    @Test
    void aBadEnvironmentValueBesideAnAgentArgumentStopsTheJvm() throws Exception {
        CommandResult result = ForkedJvm.java().env("IMDS_AGENT_IMDSV1", "blokc").agent("imdsv1=block")
                .main(ForkedJvm.testClassPath(), HelloApp.class).run(TIMEOUT);
        assertFailedClosed(result, "IMDS_AGENT_IMDSV1");
    }

    /** The file is opened on the first event; one that can never be written stops the JVM at start instead. */
    @Test
    void anEventsFileInAMissingDirectoryStopsTheJvm() throws Exception {
        CommandResult result = ForkedJvm.java().agent("events=/missing/dir/x.jsonl")
                .main(ForkedJvm.testClassPath(), HelloApp.class).run(TIMEOUT);
        assertFailedClosed(result, "events");
    }

    /**
     * The agent in JAVA_TOOL_OPTIONS with its defaults and again on the command line asking for more: the first
     * runs and cannot be changed, so the later one's ask stops the JVM rather than being dropped.
     */
    @Test
    void aLaterAgentAskingForOtherOptionsStopsTheJvm() throws Exception {
        String endpoint = "endpoint=http://127.0.0.1:9";
        CommandResult result = ForkedJvm.java()
                .env("JAVA_TOOL_OPTIONS", "-javaagent:" + ForkedJvm.agentJar() + "=" + endpoint + ",log=warn")
                .agent(endpoint + ",imdsv1=block").main(ForkedJvm.testClassPath(), HelloApp.class).run(TIMEOUT);
        assertEquals(1, result.exitCode(), result.toString());
        String stderr = result.stderr().replaceAll("(?m)^Picked up JAVA_TOOL_OPTIONS.*\\R", "").strip();
        assertEquals(1, stderr.lines().count(), "exactly one line: " + result);
        assertTrue(stderr.startsWith("imds-agent: the agent is started twice"), result.toString());
        assertTrue(stderr.contains("imdsv1=block (in force: imdsv1=upgrade)"), result.toString());
        assertFalse(result.stdout().contains("hello from the app"), result.toString());
    }

    /**
     * The attach names what the target's environment holds instead of saying "attached"; the target, not attached
     * to, runs on as it was.
     */
    @Test
    void attachToAJvmWhoseEnvironmentHoldsABadOptionFails() throws Exception {
        Process target = attachTarget("IMDS_AGENT_IMDSV1", "blokc", "");
        try {
            CommandResult attach = ForkedJvm.java()
                    .agentCli("attach", Long.toString(target.pid()), "endpoint=http://127.0.0.1:9").run(TIMEOUT);
            assertEquals(1, attach.exitCode(), attach.toString());
            assertFalse(attach.stdout().contains("attached to process"), attach.toString());
            assertEquals("imds-agent: not attached to process " + target.pid() + ": bad value 'blokc' for option"
                    + " 'imdsv1' (from environment variable IMDS_AGENT_IMDSV1); accepted: upgrade, block, allow",
                    attach.stderr().strip(), attach.toString());
            assertTrue(target.isAlive(), "the application runs on");
        } finally {
            target.destroyForcibly();
            target.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A bad system property is seen only inside the target: the agent refuses to start there and the attach fails. */
    @Test
    void attachToAJvmWhoseSystemPropertiesHoldABadOptionFails() throws Exception {
        Path targetErr = Files.createTempFile("attach-target", ".err");
        Process target = attachTarget("UNRELATED", "x", "-Dimds.agent.imdsv1=blokc", targetErr);
        try {
            CommandResult attach = ForkedJvm.java()
                    .agentCli("attach", Long.toString(target.pid()), "endpoint=http://127.0.0.1:9").run(TIMEOUT);
            assertEquals(1, attach.exitCode(), attach.toString());
            assertFalse(attach.stdout().contains("attached to process"), attach.toString());
            assertTrue(attach.stderr().startsWith("imds-agent: the agent did not start in process " + target.pid()),
                    attach.toString());
            String targetLog = Files.readString(targetErr);
            assertTrue(targetLog.contains("imds-agent: bad value 'blokc' for option 'imdsv1'"), targetLog);
            assertFalse(targetLog.contains("imds-agent: started"), targetLog);
            assertTrue(target.isAlive(), "the application runs on");
        } finally {
            target.destroyForcibly();
            target.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(targetErr);
        }
    }

    /** HelloApp waiting to be attached to, with one environment variable and JVM argument; its main has started. */
    private static Process attachTarget(String variable, String value, String jvmArg, Path stderr) throws Exception {
        ForkedJvm jvm = ForkedJvm.java();
        if (!jvmArg.isEmpty()) {
            jvm.jvmArg(jvmArg);
        }
        ProcessBuilder builder = new ProcessBuilder(jvm.main(ForkedJvm.testClassPath(), HelloApp.class, "20000").argv())
                .redirectError(stderr.toFile());
        builder.environment().put(variable, value);
        Process target = builder.start();
        // the target's main has started once it prints, so its attach listener can be reached
        target.getInputStream().read();
        return target;
    }

    private static Process attachTarget(String variable, String value, String jvmArg) throws Exception {
        return attachTarget(variable, value, jvmArg, Path.of("/dev/null"));
    }

    @Test
    void jdkToolsStartedThroughJavaToolOptionsAreLeftAlone() throws Exception {
        Path jps = Path.of(System.getProperty("java.home"), "bin", "jps");
        // jps is a JVM too: run it as one, with the timeout every forked JVM has
        CommandResult result = ForkedJvm.java().javaBinary(jps).jvmArg("-q")
                .env("JAVA_TOOL_OPTIONS", "-javaagent:" + ForkedJvm.agentJar() + "=imdsv1=sometimes").run(TIMEOUT);
        assertEquals(0, result.exitCode(), result.toString());
        assertFalse(result.stdout().contains("imds-agent:") || result.stderr().contains("imds-agent:"),
                result.toString());
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
