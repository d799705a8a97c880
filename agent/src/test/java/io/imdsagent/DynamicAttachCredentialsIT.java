package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.testapps.emulator.ImdsEmulator;
import io.imdsagent.testapps.emulator.RecordedRequest;
import io.imdsagent.testapps.emulator.RequestLog;
import io.imdsagent.testapps.requirements.RequiresSealedNamespace;
import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testapps.sealed.SealedResult;
import io.imdsagent.testing.ForkedJvm;
import io.imdsagent.testing.SampleApp;
import io.imdsagent.testing.SdkSealedRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An attach to a running JVM rewrites the provider classes it has already loaded: providers that fetched
 * from IMDS themselves before the attach get the agent's credentials after it, fetched once for all.
 */
@RequiresSealedNamespace
class DynamicAttachCredentialsIT {

    @Test
    void providersLoadedBeforeTheAttachAreServedByTheAgentAfterIt() throws Exception {
        List<String> app = SampleApp.MIXED.command(ForkedJvm.java(), "--providers", "8", "--threads", "2",
                "--duration-ms", "12000", "--pause-ms", "100");
        List<String> attach = ForkedJvm.java().agentCli("attach", "$APP", "log=debug").argv();
        // The app runs on its own SDKs (1.12 and 2.57 speak IMDSv2 themselves) until the attach 5 s in.
        String script = quote(app) + " & APP=$!; sleep 5; " + quote(attach) + "; wait $APP";
        SealedResult result = SdkSealedRun.builder("--mode", "required")
                .command("sh", "-c", script)
                .timeout(Duration.ofSeconds(60))
                .run();
        CommandResult run = result.command(0);
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.stdout().contains(" failures=0"), run.toString());
        assertTrue(run.stdout().contains("imds-agent: attached to process"), run.toString());
        assertTrue(run.stderr().contains("instrumented com.amazonaws.auth.InstanceProfileCredentialsProvider (retransformed"),
                run.toString());
        assertTrue(run.stderr().contains(
                "instrumented software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider (retransformed"),
                run.toString());

        RequestLog imds = result.imdsRequests();
        List<RecordedRequest> bySdks = new ArrayList<>();
        List<RecordedRequest> byAgent = new ArrayList<>();
        for (RecordedRequest request : imds.all()) {
            (String.valueOf(request.userAgent()).contains("aws-sdk-java") ? bySdks : byAgent).add(request);
        }
        assertTrue(bySdks.size() > 0, "the SDKs fetched nothing themselves before the attach\n" + imds);
        RequestLog agent = new RequestLog(byAgent);
        assertEquals(1, agent.tokenPuts(), imds.toString());
        assertEquals(1, agent.gets(ImdsEmulator.CREDENTIALS_PATH), imds.toString());
        assertEquals(1, agent.gets(SdkSealedRun.CREDENTIALS_PATH), "the agent served no provider after the attach\n" + imds);
        assertTrue(bySdks.stream().allMatch(request -> request.time().isBefore(byAgent.get(0).time())),
                "an SDK fetched for itself after the agent took over\n" + imds);
    }

    private static String quote(List<String> argv) {
        StringBuilder line = new StringBuilder();
        for (String arg : argv) {
            line.append(arg.equals("$APP") ? arg : "'" + arg.replace("'", "'\\''") + "'").append(' ');
        }
        return line.toString();
    }
}
