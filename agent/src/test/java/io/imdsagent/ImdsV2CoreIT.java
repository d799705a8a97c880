package io.imdsagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.config.AgentConfig;
import io.imdsagent.events.Redactor;
import io.imdsagent.imds.CredentialCache;
import io.imdsagent.imds.CredentialEvents;
import io.imdsagent.imds.Credentials;
import io.imdsagent.imds.ImdsCore;
import io.imdsagent.imds.ImdsException;
import io.imdsagent.testapps.emulator.ImdsEmulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The IMDSv2 core against the emulator over real sockets. */
class ImdsV2CoreIT {
    private static final String CREDENTIALS = ImdsEmulator.CREDENTIALS_PATH + "s3access";
    private ImdsEmulator emulator;

    private ImdsEmulator emulator(ImdsEmulator.Builder builder) throws Exception {
        emulator = builder.mode(ImdsEmulator.Mode.REQUIRED).role("s3access").build().start();
        return emulator;
    }

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private ImdsCore core(String options) throws Exception {
        AgentConfig config = AgentConfig.load("endpoint=" + emulator.baseUrl() + (options.isEmpty() ? "" : "," + options),
                Map.of(), Map.of());
        return ImdsCore.create(config, new Redactor());
    }

    @Test
    void onePutPerTokenLifetime() throws Exception {
        emulator(ImdsEmulator.builder());
        ImdsCore core = core("token-ttl=2");
        for (int i = 0; i < 5; i++) {
            core.profile().fetchCredentials(core.profile().newDeadline());
        }
        assertEquals(1, emulator.requests().tokenPuts());
        Thread.sleep(2000);
        core.profile().fetchCredentials(core.profile().newDeadline());
        assertEquals(2, emulator.requests().tokenPuts());
        assertEquals(0, emulator.requests().tokenless());
    }

    @Test
    void a401MintsOneNewTokenAndRetries() throws Exception {
        emulator(ImdsEmulator.builder());
        ImdsCore core = core("");
        core.profile().fetchCredentials(core.profile().newDeadline());
        emulator.failNext(CREDENTIALS, 401, 1);
        assertEquals(emulator.currentCredentials().accessKeyId(),
                core.profile().fetchCredentials(core.profile().newDeadline()).accessKeyId());
        assertEquals(2, emulator.requests().tokenPuts());
    }

    @Test
    void serverErrorsAndThrottlingAreRetried() throws Exception {
        emulator(ImdsEmulator.builder());
        ImdsCore core = core("attempts=3");
        core.profile().roleName(core.profile().newDeadline());
        emulator.failNext(CREDENTIALS, 503, 1);
        emulator.failNext(CREDENTIALS, 429, 1);
        assertEquals(emulator.currentCredentials().accessKeyId(),
                core.profile().fetchCredentials(core.profile().newDeadline()).accessKeyId());
        assertEquals(3, emulator.requests().gets(CREDENTIALS));
    }

    @Test
    void aHungTokenPutIsDecidedWithinTheTimeoutAndRemembered() throws Exception {
        emulator(ImdsEmulator.builder());
        emulator.hangTokenPut(true);
        CredentialCache cache = core("timeout=300ms").newCache(15 * 60_000, new RecordingEvents());
        long started = System.nanoTime();
        ImdsException first = assertThrows(ImdsException.class, cache::get);
        long firstMillis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(ImdsException.Kind.UNREACHABLE, first.kind());
        assertTrue(firstMillis < 1500, "decided after " + firstMillis + " ms with a 300 ms timeout");
        int asked = emulator.requests().size();
        started = System.nanoTime();
        assertThrows(ImdsException.class, cache::get);
        assertTrue((System.nanoTime() - started) / 1_000_000 < 100, "the second caller must not wait");
        assertEquals(asked, emulator.requests().size(), "the second caller must not reach IMDS");
    }

    @Test
    void aThousandThreadsCauseOneTokenOneListingOneCredentialsGet() throws Exception {
        emulator(ImdsEmulator.builder());
        CredentialCache cache = core("").newCache(15 * 60_000, new RecordingEvents());
        CountDownLatch go = new CountDownLatch(1);
        ConcurrentLinkedQueue<Object> results = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                    results.add(cache.get());
                } catch (Exception e) {
                    results.add(e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        Object first = results.peek();
        assertTrue(first instanceof Credentials, String.valueOf(first));
        results.forEach(result -> assertSame(first, result));
        assertEquals(1000, results.size());
        assertEquals(1, emulator.requests().tokenPuts());
        assertEquals(1, emulator.requests().gets(ImdsEmulator.CREDENTIALS_PATH));
        assertEquals(1, emulator.requests().gets(CREDENTIALS));
    }

    @Test
    void rotationIsFollowedAndNoExpiredCredentialIsEverHandedOut() throws Exception {
        emulator(ImdsEmulator.builder().credentialLifetime(Duration.ofSeconds(4)).rotationLead(Duration.ofSeconds(2)));
        RecordingEvents events = new RecordingEvents();
        // The point is rotation, not latency: a cold emulator on a loaded 2-core machine can take over 1 s to answer.
        CredentialCache cache = core("timeout=5s").newCache(1_000, events);
        Set<String> keys = new LinkedHashSet<>();
        long end = System.currentTimeMillis() + 7_000;
        while (System.currentTimeMillis() < end) {
            Credentials credentials = cache.get();
            long now = System.currentTimeMillis();
            assertTrue(credentials.expirationMillis() > now, "handed out " + credentials + " at " + now);
            keys.add(credentials.accessKeyId());
            Thread.sleep(20);
        }
        assertTrue(keys.size() >= 3, "saw only " + keys);
        assertTrue(events.refreshed.size() >= 3, "refresh events " + events.refreshed);
    }

    /** Records what the cache reports. */
    static final class RecordingEvents implements CredentialEvents {
        final List<String> refreshed = new ArrayList<>();

        @Override
        public synchronized void refreshed(Credentials credentials) {
            refreshed.add(credentials.accessKeyId());
        }

        @Override
        public void expiredServed(Credentials credentials, long servedUntilMillis) {
        }

        @Override
        public void imdsError(ImdsException error, long retryInMillis) {
        }
    }
}
