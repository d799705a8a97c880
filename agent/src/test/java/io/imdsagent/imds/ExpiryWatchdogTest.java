package io.imdsagent.imds;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.events.Redactor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The clock-free hot path never hands out credentials past their Expiration, even while the background
 * refresh is stuck on a slow IMDS: the watchdog that marks a snapshot stale must not wait behind it.
 * Real threads and the real clock, because the point is two threads not waiting for each other.
 */
class ExpiryWatchdogTest {

    @Test
    void aRefreshStuckOnASlowImdsDoesNotDelayExpiry() throws Exception {
        FakeImds imds = new FakeImds();
        Clock clock = Clock.systemUTC();
        List<String> events = new ArrayList<>();
        CredentialCache cache = new CredentialCache(
                new InstanceProfile(new TokenSession(imds, 21600, clock), new Redactor(), 60_000), 2_500, clock,
                new RefreshScheduler.DaemonThread("test-refresh"), new RefreshScheduler.DaemonThread("test-watchdog"),
                TestTime.NO_JITTER, new CredentialCacheTest.CredentialEventsToList(events));
        // Valid 3 s; the refresh starts after 0.5 s and IMDS then takes 6 s to answer it.
        imds.expirationMillis = clock.millis() + 3_000;
        cache.get();
        imds.credentialsStallMillis = 6_000;
        long end = imds.expirationMillis + 1_500;
        int served = 0;
        int refused = 0;
        while (clock.millis() < end) {
            try {
                Credentials credentials = cache.get();
                long now = clock.millis();
                assertTrue(credentials.expirationMillis() > now, "handed out credentials that expired at "
                        + credentials.expirationMillis() + ", " + (now - credentials.expirationMillis()) + " ms ago");
                served++;
            } catch (ImdsException refusedAfterExpiry) {
                assertTrue(clock.millis() >= imds.expirationMillis - CredentialCache.STALE_MARGIN_MILLIS - 50,
                        refusedAfterExpiry.getMessage());
                refused++;
            }
            Thread.sleep(1);
        }
        assertTrue(served > 0 && refused > 0, "served " + served + ", refused " + refused);
    }
}
