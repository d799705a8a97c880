package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.testapps.emulator.ImdsEmulator;
import io.imdsagent.testapps.emulator.RecordedRequest;
import io.imdsagent.testapps.emulator.RequestLog;
import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testing.ForkedJvm;
import io.imdsagent.testing.SampleApp;
import io.imdsagent.testing.SdkSealedRun;
import io.imdsagent.testing.SdkSealedRun.Seen;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The outage at boot, in a fresh JVM with the agent and the real SDKs: IMDS holds every request
 * unanswered for the first 8 s (an instance still starting, a container whose network is not up yet), and the
 * application asks for credentials every 0.5 s. Meanwhile each call fails at once with the agent's reason;
 * once IMDS answers, credentials come within one back-off step. Before the fix the agent retried a minute
 * later and the application never got credentials within its 16 s.
 */
class ImdsOutageAtBootIT {
    private static final long OUTAGE_MILLIS = 8_000;
    private static final Pattern FAILED = Pattern.compile("^failed \\S+ resolve at=(\\d+) after-ms=(\\d+): (.*)$",
            Pattern.MULTILINE);

    @Test
    void anAppRetryingEveryHalfSecondGetsCredentialsWithinOneBackOffStepOfImdsAnswering() throws Exception {
        try (ImdsEmulator imds = ImdsEmulator.builder().build().start()) {
            imds.hangEverything(true);
            CompletableFuture<Long> released = CompletableFuture.supplyAsync(() -> releaseAfterOutage(imds));
            CommandResult app = ForkedJvm.java().agent("timeout=1s,attempts=3")
                    .env("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.baseUrl())
                    .env("AWS_JAVA_V1_DISABLE_DEPRECATION_ANNOUNCEMENT", "true")
                    .main(SampleApp.MIXED.classPath(), SampleApp.MIXED.mainClass(), "--providers", "4", "--threads", "1",
                            "--pause-ms", "500", "--duration-ms", "16000")
                    .run(Duration.ofSeconds(90));
            imds.hangEverything(false);
            long releasedAt = released.join();
            assertFalse(app.timedOut(), app.toString());

            RequestLog requests = imds.requests();
            String log = "IMDS answered again at " + Instant.ofEpochMilli(releasedAt) + "\n" + times(requests) + app;
            Instant imdsServed = requests.all().stream().filter(request -> request.servedAccessKeyId() != null)
                    .map(RecordedRequest::time).findFirst().orElseThrow(() -> new AssertionError(log));
            long afterRelease = imdsServed.toEpochMilli() - releasedAt;
            // Tries at about 0, 2, 5 and 10 s after the first request (1 s timeout, then 1, 2, 4 s apart): the one
            // after the release at 8 s is 2 s later, within the 4 s step then in force.
            assertTrue(afterRelease > 0 && afterRelease <= 4_500, "credentials fetched " + afterRelease + " ms after "
                    + log);
            List<Seen> seen = SdkSealedRun.seen(app.stdout());
            assertEquals(4, seen.stream().map(Seen::copy).distinct().count(), log);
            Instant firstServed = seen.stream().map(Seen::first).min(Instant::compareTo).orElseThrow();
            // The app's next call after the fetch; its first credential objects cost class loading on a busy machine.
            assertTrue(firstServed.toEpochMilli() - imdsServed.toEpochMilli() < 5_000, log);

            List<long[]> failures = new ArrayList<>();
            Matcher failed = FAILED.matcher(app.stdout());
            while (failed.find()) {
                assertTrue(failed.group(3).contains("imds-agent: "), failed.group());
                failures.add(new long[] {Long.parseLong(failed.group(1)), Long.parseLong(failed.group(2))});
            }
            assertTrue(failures.size() >= 8, "an app asking every 0.5 s through an 8 s outage\n" + app);
            long firstFailure = failures.get(0)[0];
            for (long[] failure : failures) {
                // The first caller asks IMDS itself (at most timeout x attempts); everyone after fails at once.
                long bound = failure[0] - firstFailure < 3_000 ? 3_000 : 300;
                assertTrue(failure[1] <= bound, "a call waited " + failure[1] + " ms during the outage\n" + log);
                assertTrue(failure[0] <= firstServed.toEpochMilli(), "a call failed after credentials came\n" + log);
            }
            assertEquals(0, requests.tokenless(), log);
        }
    }

    private static String times(RequestLog requests) {
        StringBuilder lines = new StringBuilder();
        requests.all().forEach(request -> lines.append(request.time()).append(' ').append(request).append('\n'));
        return lines.toString();
    }

    /** Lets IMDS answer {@link #OUTAGE_MILLIS} after the first request reached it; returns when it did. */
    private static long releaseAfterOutage(ImdsEmulator imds) {
        try {
            long deadline = System.currentTimeMillis() + 60_000;
            while (imds.requests().size() == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(OUTAGE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        imds.hangEverything(false);
        return System.currentTimeMillis();
    }
}
