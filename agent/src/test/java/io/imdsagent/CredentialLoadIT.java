package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.testapps.emulator.ImdsEmulator;
import io.imdsagent.testapps.emulator.RequestLog;
import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testing.ForkedJvm;
import io.imdsagent.testing.SampleApp;
import io.imdsagent.testing.SdkSealedRun;
import io.imdsagent.testing.SdkSealedRun.Seen;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Load: one JVM, 256 threads resolving SDK v1 and v2 instance-profile providers from two class loaders
 * without pause, across several rotations. Zero errors, nothing handed out past its Expiration, one token,
 * one listing and one credentials GET per rotation; the calls per second are printed for the README.
 */
class CredentialLoadIT {
    // A new set every 4 s, each valid 12 s (8 s before it expires); the agent refreshes 5 s (less up to 1.5 s
    // jitter) before expiry, so even with Expiration's whole seconds it asks only once the emulator has the next
    // set, and every refresh is a rotation.
    private static final Duration LIFETIME = Duration.ofSeconds(12);
    private static final Duration ROTATION_LEAD = Duration.ofSeconds(8);
    private static final long RUN_MILLIS = 16_000;
    private static final Pattern TOTALS = Pattern.compile("resolves=(\\d+) failures=(\\d+) slowest-ms=(\\d+)");

    @Test
    void twoHundredFiftySixThreadsAcrossRotationsGetNoErrorAndNothingExpired() throws Exception {
        try (ImdsEmulator imds = ImdsEmulator.builder().credentialLifetime(LIFETIME).rotationLead(ROTATION_LEAD)
                .build().start()) {
            CommandResult app = ForkedJvm.java().agent("refresh-ahead=5s")
                    .env("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.baseUrl())
                    .env("AWS_JAVA_V1_DISABLE_DEPRECATION_ANNOUNCEMENT", "true")
                    .main(SampleApp.MIXED.classPath(), SampleApp.MIXED.mainClass(), "--providers", "8",
                            "--threads", "256", "--pause-ms", "0", "--duration-ms", String.valueOf(RUN_MILLIS))
                    .run(Duration.ofMillis(RUN_MILLIS).plusSeconds(90));
            assertFalse(app.timedOut(), app.toString());
            Matcher totals = TOTALS.matcher(app.stdout());
            assertTrue(totals.find(), app.toString());
            assertEquals("0", totals.group(2), app.toString());
            assertEquals(0, app.exitCode(), app.toString());

            RequestLog requests = imds.requests();
            Map<String, Instant> served = SdkSealedRun.servedKeys(requests);
            assertTrue(served.size() >= 3, "expected at least two rotations in " + RUN_MILLIS + " ms:\n" + requests);
            assertEquals(served.size(), requests.gets(SdkSealedRun.CREDENTIALS_PATH),
                    "one credentials GET per rotation\n" + requests);
            assertEquals(1, requests.tokenPuts(), requests.toString());
            assertEquals(1, requests.gets(ImdsEmulator.CREDENTIALS_PATH), requests.toString());
            assertEquals(0, requests.tokenless(), requests.toString());

            List<Seen> seen = SdkSealedRun.seen(app.stdout());
            assertEquals(4, seen.stream().map(Seen::copy).distinct().count(), app.stdout());
            for (Seen handedOut : seen) {
                Instant firstServed = served.get(handedOut.accessKeyId());
                assertTrue(firstServed != null, handedOut + " was never served by IMDS\n" + requests);
                // Served first at firstServed, so issued at most lifetime - lead earlier: expires after firstServed + lead.
                assertTrue(handedOut.last().isBefore(firstServed.plus(ROTATION_LEAD)),
                        handedOut + " handed out past its Expiration (served first at " + firstServed + ")");
            }
            long resolves = Long.parseLong(totals.group(1));
            System.out.printf("load: 256 threads, 8 providers (SDK v1 1.12 and v2 2.57, two class loaders each),"
                    + " %d rotations, %d resolves in %d ms: %.0f calls/s, slowest call %s ms%n", served.size() - 1,
                    resolves, RUN_MILLIS, resolves * 1000.0 / RUN_MILLIS, totals.group(3));
        }
    }
}
