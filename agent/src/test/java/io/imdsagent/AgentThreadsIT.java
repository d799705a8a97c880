package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.apps.WebAppFirstCallApp;
import io.imdsagent.testapps.emulator.ImdsEmulator;
import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testing.ForkedJvm;
import io.imdsagent.testing.SampleApp;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The agent's background threads do not inherit the world of the application thread that first asks for
 * credentials (a web application's request thread): in Tomcat such a thread would pin the application's class
 * loader across redeploys and die with its thread group when the server stops it.
 */
class AgentThreadsIT {

    @Test
    void theRefreshAndWatchdogThreadsOweNothingToTheFirstCaller() throws Exception {
        try (ImdsEmulator imds = ImdsEmulator.builder().build().start()) {
            CommandResult app = ForkedJvm.java().agent("endpoint=" + imds.baseUrl() + ",timeout=5s")
                    .jvmArg("--add-opens").jvmArg("java.base/java.lang=ALL-UNNAMED")
                    .main(ForkedJvm.testClassPath(), WebAppFirstCallApp.class, SampleApp.SDK_V2_57.classPath())
                    .run(Duration.ofSeconds(60));
            assertEquals(0, app.exitCode(), app.toString());
            assertTrue(app.stdout().contains("resolved " + imds.currentCredentials().accessKeyId()), app.toString());
            List<String> threads = app.stdout().lines().filter(line -> line.startsWith("agent-thread "))
                    .sorted().collect(Collectors.toList());
            assertEquals(List.of(
                    "agent-thread imds-agent-expiry-watchdog group=system top-group=true context-loader=null"
                            + " inherited-locals=false daemon=true",
                    "agent-thread imds-agent-refresh group=system top-group=true context-loader=null"
                            + " inherited-locals=false daemon=true"), threads, app.toString());
        }
    }
}
