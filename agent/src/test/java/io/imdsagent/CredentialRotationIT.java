package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.testapps.emulator.ImdsEmulator;
import io.imdsagent.testapps.emulator.RequestLog;
import io.imdsagent.testapps.requirements.RequiresSealedNamespace;
import io.imdsagent.testapps.sealed.CommandResult;
import io.imdsagent.testapps.sealed.SealedResult;
import io.imdsagent.testing.ForkedJvm;
import io.imdsagent.testing.SampleApp;
import io.imdsagent.testing.SdkSealedRun.Seen;
import io.imdsagent.testing.SdkSealedRun;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Rotation across SDK versions and class loaders: with short credential lifetimes every SDK copy sees each
 * new key, the agent fetches once per rotation, and no copy is ever handed credentials past their Expiration.
 */
@RequiresSealedNamespace
class CredentialRotationIT {
    // New credentials every 10 s, each valid 30 s; the agent refreshes 15 s (less up to a quarter of it,
    // jitter) before expiry, so always after the emulator has the next set and well before expiry.
    private static final Duration LIFETIME = Duration.ofSeconds(30);
    private static final Duration ROTATION_LEAD = Duration.ofSeconds(20);
    private static final long RUN_MILLIS = 36_000;

    @Test
    void everySdkCopyFollowsEachRotationAndNoneGetsExpiredCredentials() throws Exception {
        SealedResult result = SdkSealedRun.builder("--mode", "required",
                        "--lifetime", LIFETIME.toSeconds() + "s", "--rotation-lead", ROTATION_LEAD.toSeconds() + "s")
                .command(SampleApp.MIXED.command(ForkedJvm.java().agent("refresh-ahead=15s"), "--providers", "20",
                        "--threads", "8", "--duration-ms", String.valueOf(RUN_MILLIS),
                        "--sdk", SampleApp.SDK_V1_11.classPath(), "--sdk", SampleApp.SDK_V2_5.classPath()))
                .timeout(Duration.ofMillis(RUN_MILLIS).plusSeconds(60))
                .run();
        CommandResult app = result.command(0);
        assertEquals(0, app.exitCode(), app.toString());
        assertTrue(app.stdout().contains(" failures=0"), app.toString());

        RequestLog imds = result.imdsRequests();
        Map<String, Instant> served = SdkSealedRun.servedKeys(imds);
        assertTrue(served.size() >= 3, "expected at least 3 rotations in " + RUN_MILLIS + " ms:\n" + imds);
        assertEquals(served.size(), imds.gets(SdkSealedRun.CREDENTIALS_PATH), "one credentials GET per rotation\n" + imds);
        assertEquals(1, imds.tokenPuts(), imds.toString());
        assertEquals(1, imds.gets(ImdsEmulator.CREDENTIALS_PATH), imds.toString());
        assertEquals(0, imds.tokenless(), imds.toString());

        List<Seen> seen = SdkSealedRun.seen(app.stdout());
        Set<String> copies = seen.stream().map(Seen::copy).collect(Collectors.toSet());
        assertEquals(SharedCredentialCacheIT.COPIES, copies, app.toString());
        Instant end = seen.stream().map(Seen::last).max(Instant::compareTo).orElseThrow();
        for (Seen handedOut : seen) {
            Instant firstServed = served.get(handedOut.accessKeyId());
            assertTrue(firstServed != null, handedOut + " was never served by IMDS\n" + imds);
            // The emulator served this key at firstServed, so it was issued at most lifetime-lead earlier and
            // expires more than ROTATION_LEAD after firstServed.
            assertTrue(handedOut.last().isBefore(firstServed.plus(ROTATION_LEAD)),
                    handedOut + " handed out past its Expiration (served first at " + firstServed + ")");
        }
        for (Map.Entry<String, Instant> key : served.entrySet()) {
            if (key.getValue().isBefore(end.minusSeconds(2))) {
                for (String copy : copies) {
                    assertTrue(seen.stream().anyMatch(s -> s.copy().equals(copy) && s.accessKeyId().equals(key.getKey())),
                            copy + " never saw " + key.getKey() + "\n" + app.stdout());
                }
            }
        }
    }
}
