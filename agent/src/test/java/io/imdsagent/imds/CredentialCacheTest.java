package io.imdsagent.imds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.events.Redactor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CredentialCacheTest {
    private static final long MINUTE = 60_000;
    private static final long HOUR = 60 * MINUTE;

    private final FakeImds imds = new FakeImds();
    private final TestTime time = new TestTime();
    private final List<String> events = new ArrayList<>();
    private final CredentialCache cache = new CredentialCache(
            new InstanceProfile(new TokenSession(imds, 21600, time), new Redactor(), 60_000),
            15 * MINUTE, time, time, time, TestTime.NO_JITTER, new CredentialEventsToList(events));

    @Test
    void servesFromTheSnapshotWithoutAskingImdsAgain() throws Exception {
        imds.expirationMillis = time.millis() + 6 * HOUR;
        Credentials first = cache.get();
        for (int i = 0; i < 100; i++) {
            assertSame(first, cache.get());
        }
        assertEquals(1, imds.count("PUT"));
        assertEquals(1, imds.count("GET " + InstanceProfile.CREDENTIALS_PATH + "s3access"));
        assertEquals(List.of("refreshed ASIAFIRST"), events);
    }

    @Test
    void refreshesInTheBackgroundRefreshAheadBeforeExpiration() throws Exception {
        imds.expirationMillis = time.millis() + HOUR;
        cache.get();
        assertTrue(time.hasTaskIn(45 * MINUTE));
        imds.rotate("ASIASECOND", time.millis() + 2 * HOUR);
        time.advance(45 * MINUTE);
        assertEquals("ASIASECOND", cache.peek().accessKeyId());
        assertEquals(List.of("refreshed ASIAFIRST", "refreshed ASIASECOND"), events);
    }

    @Test
    void asksAgainWithBackOffWhileImdsHandsOutTheSameKeys() throws Exception {
        imds.expirationMillis = time.millis() + HOUR;
        cache.get();
        time.advance(45 * MINUTE);
        assertTrue(time.hasTaskIn(30_000), "first retry after 30 s");
        time.advance(30_000);
        assertTrue(time.hasTaskIn(60_000), "second retry after 60 s");
        imds.rotate("ASIASECOND", time.millis() + 2 * HOUR);
        time.advance(60_000);
        assertEquals("ASIASECOND", cache.get().accessKeyId());
    }

    @Test
    void neverServesPastExpirationWhileImdsCannotBeReached() throws Exception {
        imds.expirationMillis = time.millis() + HOUR;
        Credentials first = cache.get();
        imds.unreachable = true;
        time.advance(59 * MINUTE);
        assertSame(first, cache.get());
        time.advance(MINUTE);
        ImdsException e = assertThrows(ImdsException.class, cache::get);
        assertEquals(ImdsException.Kind.UNREACHABLE, e.kind());
    }

    @Test
    void aHostSuspendIsNoticedWithinOneWatchdogInterval() throws Exception {
        imds.expirationMillis = time.millis() + HOUR;
        cache.get();
        imds.unreachable = true;
        time.suspendFor(2 * HOUR);
        time.advance(CredentialCache.WATCHDOG_MAX_SLEEP_MILLIS);
        assertThrows(ImdsException.class, cache::get);
    }

    @Test
    void theLastSecondBeforeExpirationIsCheckedAgainstTheClock() throws Exception {
        imds.expirationMillis = time.millis() + HOUR;
        Credentials first = cache.get();
        imds.unreachable = true;
        time.advance(HOUR - 500);
        assertSame(first, cache.get());
        time.advance(500);
        assertThrows(ImdsException.class, cache::get);
    }

    @Test
    void anUnreachableImdsIsRememberedAndRetriedOnlyInTheBackground() throws Exception {
        imds.unreachable = true;
        assertThrows(ImdsException.class, cache::get);
        int asked = imds.requests.size();
        for (int i = 0; i < 50; i++) {
            assertThrows(ImdsException.class, cache::get);
        }
        assertEquals(asked, imds.requests.size(), "callers must not reach IMDS again");
        long retry = time.nextDue() - time.millis();
        assertEquals(CredentialCache.FIRST_RETRY_MILLIS, retry);
        imds.unreachable = false;
        imds.expirationMillis = time.millis() + 6 * HOUR;
        time.advance(retry);
        assertEquals("ASIAFIRST", cache.get().accessKeyId());
    }

    @Test
    void backgroundRetriesStartAboutASecondApartAndDoubleToAtMostAMinute() throws Exception {
        imds.unreachable = true;
        assertThrows(ImdsException.class, cache::get);
        List<Long> steps = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            long step = time.nextDue() - time.millis();
            steps.add(step);
            int asked = imds.requests.size();
            time.advance(step);
            assertTrue(imds.requests.size() > asked, "the background retried after " + step + " ms");
        }
        assertEquals(List.of(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 60_000L, 60_000L, 60_000L), steps);
    }

    @Test
    void jitterOnlyShortensARetryStep() throws Exception {
        CredentialCache jittered = new CredentialCache(
                new InstanceProfile(new TokenSession(imds, 21600, time), new Redactor(), 60_000), 15 * MINUTE,
                time, time, time, new java.util.Random() {
                    @Override
                    public double nextDouble() {
                        return 0.999;
                    }
                }, new CredentialEventsToList(events));
        imds.unreachable = true;
        assertThrows(ImdsException.class, jittered::get);
        for (long step = CredentialCache.FIRST_RETRY_MILLIS; step <= 64_000; step *= 2) {
            long next = time.nextDue() - time.millis();
            long bound = Math.min(step, CredentialCache.MAX_RETRY_MILLIS);
            assertTrue(next <= bound && next >= bound * 9 / 10, "step " + next + " for " + bound);
            time.advance(next);
        }
    }

    @Test
    void anOutageAtBootEndsForARetryingAppWithinOneBackOffStep() throws Exception {
        // The case: IMDS silent for the first 8 s, the app asking every 0.5 s.
        imds.unreachable = true;
        imds.expirationMillis = time.millis() + 6 * HOUR;
        long boot = time.millis();
        long servedAt = -1;
        for (long t = 0; t <= 30_000 && servedAt < 0; t += 500) {
            time.advance(boot + t - time.millis());
            if (t == 8_000) {
                imds.unreachable = false;
            }
            try {
                cache.get();
                servedAt = t;
            } catch (ImdsException stillDown) {
                assertTrue(stillDown.getMessage().startsWith("imds-agent: "), stillDown.getMessage());
            }
        }
        // Retries at 1, 3, 7 and 15 s: the one after IMDS came back is at most one step (8 s) later.
        assertTrue(servedAt >= 8_000 && servedAt <= 16_000, "served at " + servedAt);
        assertEquals(1, imds.count("GET " + InstanceProfile.CREDENTIALS_PATH + "s3access"));
    }

    @Test
    void callersFailAtOnceWhileTheBackgroundRetriesAFailingImds() throws Exception {
        imds.expirationMillis = time.millis() + HOUR;
        imds.faults.add(500);
        assertThrows(ImdsException.class, cache::get);
        imds.faults.add(500);
        time.advance(CredentialCache.FIRST_RETRY_MILLIS);
        int asked = imds.requests.size();
        time.advance(CredentialCache.FIRST_RETRY_MILLIS);
        assertThrows(ImdsException.class, cache::get, "the next try is the background's, 2 s after the second");
        assertEquals(asked, imds.requests.size());
        time.advance(CredentialCache.FIRST_RETRY_MILLIS);
        assertEquals("ASIAFIRST", cache.get().accessKeyId());
    }

    @Test
    void credentialsImdsHandsOutExpiredAreServedForAFewMinutesWithAnEvent() throws Exception {
        imds.expirationMillis = time.millis() - MINUTE;
        assertEquals("ASIAFIRST", cache.get().accessKeyId());
        assertEquals(List.of("expired-served ASIAFIRST"), events);
        time.advance(CredentialCache.EXPIRED_GRACE_MILLIS);
        assertEquals(List.of("expired-served ASIAFIRST", "expired-served ASIAFIRST"), events);
        imds.rotate("ASIAHEALED", time.millis() + 6 * HOUR);
        time.advance(CredentialCache.EXPIRED_GRACE_MILLIS);
        assertEquals("ASIAHEALED", cache.get().accessKeyId());
    }

    @Test
    void aRoleSwapIsFollowed() throws Exception {
        imds.expirationMillis = time.millis() + HOUR;
        cache.get();
        imds.role = "new-role";
        imds.rotate("ASIANEWROLE", time.millis() + 2 * HOUR);
        time.advance(45 * MINUTE);
        assertEquals("ASIANEWROLE", cache.get().accessKeyId());
        assertEquals(2, imds.count("GET " + InstanceProfile.CREDENTIALS_PATH + " "));
    }

    @Test
    void badAnswersBackOffBeforeCallersAskAgain() throws Exception {
        imds.expirationMillis = time.millis() + HOUR;
        imds.faults.add(500);
        // No retrying transport below the cache here: the token PUT gets 500 and the cache remembers it.
        assertThrows(ImdsException.class, cache::get);
        assertThrows(ImdsException.class, cache::get);
        assertEquals(1, imds.requests.size());
        time.advance(CredentialCache.FIRST_RETRY_MILLIS);
        assertEquals("ASIAFIRST", cache.get().accessKeyId());
    }

    /** Records what the cache reports as short strings. */
    static final class CredentialEventsToList implements CredentialEvents {
        private final List<String> events;

        CredentialEventsToList(List<String> events) {
            this.events = events;
        }

        @Override
        public void refreshed(Credentials credentials) {
            events.add("refreshed " + credentials.accessKeyId());
        }

        @Override
        public void expiredServed(Credentials credentials, long servedUntilMillis) {
            events.add("expired-served " + credentials.accessKeyId());
        }

        @Override
        public void imdsError(ImdsException error, long retryInMillis) {
            events.add("error " + error.kind() + " retry " + retryInMillis);
        }
    }
}
