package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.testapps.emulator.ImdsEmulator;
import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testing.ForkedJvm;
import io.imdsagent.testing.SampleApp;
import io.imdsagent.testing.SdkSealedRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * One deadline per caller, in a fresh JVM with the agent and a real SDK: IMDS answers the role listing and the
 * credentials GET each 1 s late, with {@code timeout=1500ms,attempts=1} (the token PUT is answered at once: a fresh
 * JVM's first request carries its class loading). The application's first credentials call is refused with the
 * agent's reason within 1.5 s (before the bound it was served after 2 s), the calls after it fail at once, and the
 * background retry, which finds token and role known and needs one slow request, brings credentials.
 */
class OneDeadlinePerCallerIT {
    private static final Duration SLOW = Duration.ofMillis(1_000);
    private static final long BUDGET_MILLIS = 1_500;
    private static final Pattern FAILED = Pattern.compile("^failed \\S+ resolve at=(\\d+) after-ms=(\\d+): (.*)$",
            Pattern.MULTILINE);

    @Test
    void theFirstCallIsRefusedWithinTimeoutTimesAttemptsAndCredentialsFollow() throws Exception {
        try (ImdsEmulator imds = ImdsEmulator.builder().build().start()) {
            imds.delay(ImdsEmulator.CREDENTIALS_PATH, SLOW);
            CommandResult app = ForkedJvm.java().agent("timeout=" + BUDGET_MILLIS + "ms,attempts=1")
                    .env("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.baseUrl())
                    .env("AWS_JAVA_V1_DISABLE_DEPRECATION_ANNOUNCEMENT", "true")
                    .main(SampleApp.MIXED.classPath(), SampleApp.MIXED.mainClass(), "--providers", "1",
                            "--threads", "1", "--pause-ms", "200", "--duration-ms", "10000")
                    .run(Duration.ofSeconds(90));
            assertFalse(app.timedOut(), app.toString());

            List<long[]> failures = new ArrayList<>();
            Matcher failed = FAILED.matcher(app.stdout());
            while (failed.find()) {
                assertTrue(failed.group(3).contains("imds-agent: "), failed.group());
                failures.add(new long[] {Long.parseLong(failed.group(1)), Long.parseLong(failed.group(2))});
            }
            assertFalse(failures.isEmpty(), "the first call is refused, not served after 2 s\n" + app);
            // The SDK's own work around the agent's answer (class loading in a fresh JVM) on a loaded machine: 1 s.
            assertTrue(failures.get(0)[1] <= BUDGET_MILLIS + 1_000, "the first call waited " + failures.get(0)[1]
                    + " ms\n" + app);
            for (long[] later : failures.subList(1, failures.size())) {
                assertTrue(later[1] <= 300, "a later call waited " + later[1] + " ms\n" + app);
            }
            assertEquals(1, SdkSealedRun.seen(app.stdout()).stream().map(SdkSealedRun.Seen::copy).distinct().count(),
                    "credentials came after the background retry\n" + app);
            assertEquals(0, imds.requests().tokenless(), app.toString());
        }
    }
}
