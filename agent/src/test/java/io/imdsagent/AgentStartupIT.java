package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.apps.HelloApp;
import io.imdsagent.testapps.emulator.ImdsEmulator;
import io.imdsagent.testapps.requirements.RequiresJdk25;
import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testing.ForkedJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** premain and agentmain are trampolines: the app runs as before, nothing reaches IMDS until asked. */
class AgentStartupIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private ImdsEmulator emulator;

    @BeforeEach
    void start() throws Exception {
        emulator = ImdsEmulator.builder().build().start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void premainSendsNothingToImdsAndPrintsNoJvmWarning() throws Exception {
        assertQuietStart(ForkedJvm.java());
    }

    @Test
    @RequiresJdk25
    void premainPrintsNoJvmWarningOnJdk25Either() throws Exception {
        assertQuietStart(ForkedJvm.java().javaBinary(ForkedJvm.JDK25_JAVA));
    }

    private void assertQuietStart(ForkedJvm jvm) throws Exception {
        CommandResult result = jvm.agent("endpoint=" + emulator.baseUrl() + ",log=debug")
                .main(ForkedJvm.testClassPath(), HelloApp.class).run(TIMEOUT);
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.stdout().contains("app done"), result.toString());
        assertTrue(result.stderr().contains("imds-agent: debug: started"), result.toString());
        assertFalse(result.stderr().toLowerCase().contains("warning"), result.toString());
        assertEquals(0, emulator.requests().size(), emulator.requests().toString());
    }

    /** A fleet attaches the agent to every JVM: at the default log level one that never needs it prints nothing. */
    @Test
    void premainPrintsNothingAtTheDefaultLogLevel() throws Exception {
        CommandResult result = ForkedJvm.java().agent("endpoint=" + emulator.baseUrl())
                .main(ForkedJvm.testClassPath(), HelloApp.class).run(TIMEOUT);
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("", result.stderr(), result.toString());
    }

    @Test
    void aSecondAgentInTheSameJvmDoesNothing() throws Exception {
        CommandResult result = ForkedJvm.java().agent("endpoint=" + emulator.baseUrl() + ",log=debug")
                .agent("endpoint=" + emulator.baseUrl()).main(ForkedJvm.testClassPath(), HelloApp.class).run(TIMEOUT);
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(1, count(result.stderr(), "imds-agent: debug: started"), result.toString());
        assertEquals(1, count(result.stderr(), "already attached"), result.toString());
    }

    @Test
    void attachesToARunningJvm() throws Exception {
        List<String> argv = ForkedJvm.java().main(ForkedJvm.testClassPath(), HelloApp.class, "15000").argv();
        Path targetErr = Files.createTempFile("attach-target", ".err");
        Process target = new ProcessBuilder(argv).redirectError(targetErr.toFile()).start();
        try {
            // Wait until the target's main has started, so the attach listener can be reached.
            target.getInputStream().read();
            CommandResult attach = ForkedJvm.java()
                    .agentCli("attach", Long.toString(target.pid()), "endpoint=" + emulator.baseUrl()).run(TIMEOUT);
            assertEquals(0, attach.exitCode(), attach.toString());
            assertTrue(attach.stdout().contains("attached to process " + target.pid()), attach.toString());
            assertTrue(waitFor(targetErr, "imds-agent: started"), read(targetErr));
        } finally {
            target.destroy();
            target.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(targetErr);
        }
    }

    private static boolean waitFor(Path file, String text) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (read(file).contains(text)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static long count(String text, String needle) {
        return text.lines().filter(line -> line.contains(needle)).count();
    }
}
