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
            new InstanceProfile(new TokenSession(imds, 21600, time), new Redactor()),
            15 * MINUTE, time, time, TestTime.NO_JITTER, new CredentialEvents() {
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
            });

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
        assertTrue(retry >= MINUTE, "background retry after " + retry);
        imds.unreachable = false;
        imds.expirationMillis = time.millis() + 6 * HOUR;
        time.advance(retry);
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
        time.advance(CredentialCache.ERROR_BACKOFF_MILLIS);
        assertEquals("ASIAFIRST", cache.get().accessKeyId());
    }
}
