package io.imdsagent.handler;

import static io.imdsagent.handler.InstrumentedSdks.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.adapters.CapturedLog;
import io.imdsagent.config.AgentConfig;
import io.imdsagent.events.Redactor;
import io.imdsagent.imds.CredentialCache;
import io.imdsagent.imds.CredentialEvents;
import io.imdsagent.imds.Credentials;
import io.imdsagent.imds.ImdsCore;
import io.imdsagent.imds.ImdsException;
import io.imdsagent.testapps.emulator.ImdsEmulator;
import io.imdsagent.testapps.emulator.RecordedRequest;
import io.imdsagent.testing.NoCredentialEvents;
import io.imdsagent.testing.SampleApp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fault matrix: each row one way IMDS misbehaves in the field, injected by the emulator over real
 * sockets, with the agent's IMDS core and cache built from options as the agent builds them, and the real
 * SDK v1 (1.12) and v2 (2.57) instance-profile providers, instrumented as the agent instruments them, on top.
 * Each row starts a fresh emulator and cache; the SDKs are loaded once for the JVM. The README's
 * "Reliability" table lists the rows. Options common to all rows: {@code timeout=500ms,attempts=3}.
 */
class ImdsFaultMatrixTest {
    private static final String ROLE = "matrix-role";
    private static final String CREDENTIALS = ImdsEmulator.CREDENTIALS_PATH + ROLE;
    private static final long TIMEOUT_MILLIS = 500;
    private static final int ATTEMPTS = 3;
    /** What a caller may wait on IMDS: timeout x attempts, plus the transport's short back-offs and scheduling. */
    private static final long LONGEST_WAIT_MILLIS = TIMEOUT_MILLIS * ATTEMPTS + 600;
    /** What "fails at once" allows on a loaded 2-core CI machine. */
    private static final long AT_ONCE_MILLIS = 150;

    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private ImdsEmulator imds;
    private CredentialCache cache;
    private Object v1;
    private Object v2;

    @BeforeAll
    static void loadTheSdksAndTheTransport() throws Exception {
        // Instrumenting and loading the SDKs takes many seconds on a busy machine, and the first request the
        // JDK's HTTP stack sends loads classes too: no row should pay for that within its 500 ms timeout.
        try (ImdsEmulator warm = ImdsEmulator.builder().build().start()) {
            AgentConfig config = AgentConfig.load("endpoint=" + warm.baseUrl() + ",timeout=60s", Map.of(), Map.of());
            InstrumentedSdks.serve(new AgentHandler(ImdsCore.create(config, new Redactor())
                    .newCache(config.refreshAheadMillis(), new NoCredentialEvents()), false, new CapturedLog().log()));
            call(InstrumentedSdks.v2Provider(SampleApp.SDK_V2_57), "resolveCredentials");
            call(InstrumentedSdks.v1Provider(SampleApp.SDK_V1_12), "getCredentials");
        }
    }

    @AfterEach
    void stop() {
        if (imds != null) {
            imds.close();
        }
    }

    // ---- token ----

    @Test
    void tokenPut400IsTerminalAndNotRetried() throws Exception {
        start(ImdsEmulator.builder(), "");
        imds.failNext(ImdsEmulator.TOKEN_PATH, 400, 1);
        assertTrue(refused().contains("token-ttl"));
        assertEquals(1, imds.requests().tokenPuts());
        assertFailsAtOnceWithoutAskingImds();
    }

    @ParameterizedTest(name = "token PUT {0}")
    @ValueSource(ints = {403, 404, 405})
    void tokenPutRefusedIsNotRetried(int status) throws Exception {
        start(ImdsEmulator.builder(), "");
        imds.failNext(ImdsEmulator.TOKEN_PATH, status, 1);
        assertTrue(refused().contains(String.valueOf(status)));
        assertEquals(1, imds.requests().tokenPuts());
        assertFailsAtOnceWithoutAskingImds();
    }

    @Test
    void tokenPut5xxIsRetriedUpToAttempts() throws Exception {
        start(ImdsEmulator.builder(), "");
        imds.failNext(ImdsEmulator.TOKEN_PATH, 503, ATTEMPTS - 1);
        servedUnexpired();
        assertEquals(ATTEMPTS, imds.requests().tokenPuts());
    }

    @Test
    void tokenPut5xxOnEveryAttemptFailsAfterAttempts() throws Exception {
        start(ImdsEmulator.builder(), "");
        imds.failNext(ImdsEmulator.TOKEN_PATH, 500, ATTEMPTS + 5);
        assertTrue(refused().contains("500"));
        assertEquals(ATTEMPTS, imds.requests().tokenPuts());
    }

    @Test
    void tokenPutThatHangsIsDecidedWithinTheTimeoutAndNamesTheHopLimit() throws Exception {
        start(ImdsEmulator.builder(), "");
        imds.hangTokenPut(true);
        long took = millis(this::refused);
        assertTrue(refused().contains("HttpPutResponseHopLimit"));
        assertTrue(took < TIMEOUT_MILLIS + 700, "decided after " + took + " ms");
        assertFailsAtOnceWithoutAskingImds();
        // `java -jar imds-agent.jar check` on the same fault: CheckCommandIT.aTokenPutThatHangsWhileGetsAnswerPointsAtTheHopLimit
    }

    @Test
    void tokenRevokedMidLifeIsReMintedOnce() throws Exception {
        start(rotatingEverySecond(4), "refresh-ahead=2s");
        String first = servedUnexpired();
        imds.revokeTokens();
        String second = awaitNewKey(first, 5_000);
        assertFalse(second.equals(first));
        assertEquals(2, imds.requests().tokenPuts(), imds.requests().toString());
        assertEquals(1, imds.requests().count(request -> request.status() == 401), imds.requests().toString());
    }

    @Test
    void tokenTtlEchoMissingStillServes() throws Exception {
        start(ImdsEmulator.builder(), "");
        imds.omitTokenTtlEcho(true);
        servedUnexpired();
        servedUnexpired();
        assertEquals(1, imds.requests().tokenPuts());
    }

    // ---- role listing ----

    @Test
    void listingEmptyIsAClearError() throws Exception {
        start(ImdsEmulator.builder(), "");
        imds.roleListing("");
        assertTrue(refused().contains("no usable role name"));
    }

    @Test
    void listingOfTwoLinesUsesTheFirst() throws Exception {
        start(ImdsEmulator.builder(), "");
        imds.roleListing(ROLE + "\nsecond-role");
        assertEquals(imds.currentCredentials().accessKeyId(), servedUnexpired());
    }

    @Test
    void listing404AfterARoleSwapIsFollowedByReDiscovery() throws Exception {
        start(rotatingEverySecond(4), "refresh-ahead=2s");
        String first = servedUnexpired();
        imds.swapRole("swapped-role");
        String second = awaitNewKey(first, 5_000);
        // The emulator rotates every second, so "current" may have moved on: ask its log what it served.
        assertTrue(imds.requests().all().stream().anyMatch(request -> request.path().endsWith("/swapped-role")
                && second.equals(request.servedAccessKeyId())), imds.requests().toString());
        assertEquals(2, imds.requests().gets(ImdsEmulator.CREDENTIALS_PATH), imds.requests().toString());
        assertEquals(1, imds.requests().count(request -> request.path().equals(CREDENTIALS) && request.status() == 404));
    }

    // ---- credentials document ----

    @Test
    void credentials500OnFirstFetchFailsAtOnceThenServesAfterTheFirstBackOffStep() throws Exception {
        start(ImdsEmulator.builder(), "");
        imds.failNext(CREDENTIALS, 500, ATTEMPTS);
        long took = millis(this::refused);
        assertTrue(refused().contains("500"));
        assertTrue(took < LONGEST_WAIT_MILLIS, "waited " + took + " ms");
        assertEquals(ATTEMPTS, imds.requests().gets(CREDENTIALS));
        assertFailsAtOnceWithoutAskingImds();
        Thread.sleep(1_000 + 300);
        servedUnexpired();
    }

    @Test
    void credentials500OnALaterRefreshKeepsServingUntilTheRetryHeals() throws Exception {
        start(rotatingEverySecond(4), "refresh-ahead=2s");
        String first = servedUnexpired();
        imds.failNext(CREDENTIALS, 500, ATTEMPTS);
        String second = awaitNewKey(first, 5_000);
        assertFalse(second.equals(first));
        assertEquals(1 + ATTEMPTS + 1, imds.requests().gets(CREDENTIALS), imds.requests().toString());
        assertTrue(events.stream().anyMatch(event -> event.startsWith("imds-error")), events.toString());
    }

    @Test
    void credentials429IsRetriedWithGrowingBackOff() throws Exception {
        start(ImdsEmulator.builder(), "");
        imds.failNext(CREDENTIALS, 429, ATTEMPTS - 1);
        servedUnexpired();
        List<Instant> times = new ArrayList<>();
        for (RecordedRequest request : imds.requests().all()) {
            if (request.path().equals(CREDENTIALS)) {
                times.add(request.time());
            }
        }
        assertEquals(ATTEMPTS, times.size());
        long firstGap = Duration.between(times.get(0), times.get(1)).toMillis();
        long secondGap = Duration.between(times.get(1), times.get(2)).toMillis();
        // Back-off 50-100 ms, then 100-200 ms (jitter in the upper half of each doubling ceiling).
        assertTrue(firstGap >= 50 && secondGap >= 100, "gaps " + firstGap + ", " + secondGap + " ms");
    }

    @Test
    void truncatedJsonIsAClearErrorWithoutTheSecret() throws Exception {
        start(ImdsEmulator.builder(), "");
        imds.malformedCredentials(true);
        String message = refused();
        assertTrue(message.contains("not valid JSON"), message);
        assertFalse(message.contains(imds.currentCredentials().secretAccessKey().substring(0, 8)), message);
    }

    @Test
    void wrongTypesAreAClearError() throws Exception {
        start(ImdsEmulator.builder(), "");
        imds.rewriteCredentials(document -> document.replaceAll("\"Expiration\" : \"[^\"]*\"", "\"Expiration\" : 1767225600"));
        assertTrue(refused().contains("'Expiration'"));
    }

    @Test
    void codeOtherThanSuccessIsAClearError() throws Exception {
        start(ImdsEmulator.builder(), "");
        imds.rewriteCredentials(document -> document.replace("\"Success\"", "\"AssumeRoleUnauthorizedAccess\""));
        assertTrue(refused().contains("AssumeRoleUnauthorizedAccess"));
    }

    @Test
    void missingFieldsAreAClearError() throws Exception {
        start(ImdsEmulator.builder(), "");
        imds.rewriteCredentials(document -> document.replaceAll("\\s*\"Token\" : \"[^\"]*\",", ""));
        assertTrue(refused().contains("'Token'"));
    }

    @ParameterizedTest(name = "Expiration written as {0}")
    @ValueSource(strings = {"Z", "+0000", ".123Z", "+00:00"})
    void expirationFormatsAreRead(String suffix) throws Exception {
        start(ImdsEmulator.builder(), "");
        imds.rewriteCredentials(document -> document.replaceAll("(\"Expiration\" : \"[^\"]*)Z\"", "$1" + suffix + "\""));
        servedUnexpired();
        long expected = imds.currentCredentials().expiration().getEpochSecond() * 1000
                + (suffix.startsWith(".") ? 123 : 0);
        assertEquals(expected, cache.peek().expirationMillis());
    }

    @Test
    void credentialsAlreadyExpiredFromImdsAreServedWithAnEvent() throws Exception {
        start(ImdsEmulator.builder(), "");
        imds.expiredCredentials(true);
        assertEquals(imds.currentCredentials().accessKeyId(), served().accessKeyId);
        assertTrue(events.contains("expired-served " + imds.currentCredentials().accessKeyId()), events.toString());
    }

    @Test
    void rotationEarlyIsPickedUpAtRefreshAheadOncePerRotation() throws Exception {
        // IMDS offers the next set a second after each is issued; the agent asks only refresh-ahead before expiry.
        start(ImdsEmulator.builder().credentialLifetime(Duration.ofSeconds(6)).rotationLead(Duration.ofSeconds(5)),
                "refresh-ahead=2s");
        String first = servedUnexpired();
        String second = awaitNewKey(first, 6_000);
        assertFalse(second.equals(first));
        assertEquals(2, imds.requests().gets(CREDENTIALS), imds.requests().toString());
    }

    @Test
    void rotationLateIsAskedForAgainUntilNewKeysComeBeforeExpiry() throws Exception {
        // IMDS offers the next set only 2 s before expiry; the agent asks 4 s before and gets the same keys, then
        // again at a quarter of what is left (at least half a second apart). The new keys come at the third ask or so,
        // with more than a second to spare, which a loaded CI machine needs (1 s lead and 3 s ahead left 0.7 s).
        start(ImdsEmulator.builder().credentialLifetime(Duration.ofSeconds(8)).rotationLead(Duration.ofSeconds(2)),
                "refresh-ahead=4s");
        String first = servedUnexpired();
        String second = awaitNewKey(first, 9_000);
        assertFalse(second.equals(first));
        assertTrue(imds.requests().gets(CREDENTIALS) >= 3, imds.requests().toString());
    }

    @Test
    void aBodyOverTheCapIsRefused() throws Exception {
        start(ImdsEmulator.builder(), "");
        imds.rewriteCredentials(document -> document + " ".repeat(70 * 1024));
        String message = refused();
        assertTrue(message.contains("larger than") && message.indexOf("imds-agent:", 1) < 0, message);
    }

    @Test
    void aSlowDripIsCutOffWithinTimeoutTimesAttempts() throws Exception {
        start(ImdsEmulator.builder(), "");
        long perByteMillis = 20;
        imds.dripCredentials(Duration.ofMillis(perByteMillis));
        long took = millis(this::refused);
        // Proved on the emulator's progress rather than the wall clock: a loaded machine only slows the drip, so
        // the bytes each attempt got bound how long it was let run (the first byte goes at once, one or two more
        // writes succeed after the close; 200 ms for the agent's own thread to wake on a busy machine). The last
        // attempt is not made when the back-offs leave no time of timeout x attempts for it.
        int attempts = imds.requests().gets(CREDENTIALS);
        assertTrue(attempts >= ATTEMPTS - 1 && attempts <= ATTEMPTS, attempts + " attempts");
        List<Integer> dripped = dripsEnded(attempts);
        long mostBytes = (TIMEOUT_MILLIS + 200) / perByteMillis + 3;
        assertTrue(dripped.stream().allMatch(bytes -> bytes <= mostBytes), "bytes dripped per attempt: " + dripped
                + ", at most " + mostBytes + " within the timeout");
        // A hang still fails: the whole document would drip for several seconds per attempt.
        assertTrue(took < 4 * LONGEST_WAIT_MILLIS, "waited " + took + " ms on a dripping body");
        assertFailsAtOnceWithoutAskingImds();
    }

    /**
     * The bytes of each dripped document once {@code count} drips have ended: the emulator notices the client's close
     * only at its next write or two, after the client has moved on.
     */
    private List<Integer> dripsEnded(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (imds.drippedBytes().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        List<Integer> dripped = imds.drippedBytes();
        assertEquals(count, dripped.size(), "drips ended: " + dripped);
        return dripped;
    }

    // ---- clocks ----

    @ParameterizedTest(name = "JVM clock {0} minutes from IMDS")
    @ValueSource(ints = {10, -10})
    void aJvmClockTenMinutesOffImdsStillServesAndNeverPastExpiration(int jvmAheadMinutes) throws Exception {
        start(ImdsEmulator.builder().clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-jvmAheadMinutes))), "");
        servedUnexpired();
        assertFalse(events.stream().anyMatch(event -> event.startsWith("expired-served")), events.toString());
    }

    // ---- outages ----

    @Test
    void outageAtBootCallsFailAtOnceAndCredentialsComeWithinOneBackOffStep() throws Exception {
        start(ImdsEmulator.builder(), "");
        imds.hangEverything(true);
        long boot = System.currentTimeMillis();
        long releaseAt = boot + 3_000;
        long servedAt = 0;
        int calls = 0;
        while (servedAt == 0 && System.currentTimeMillis() < boot + 15_000) {
            if (System.currentTimeMillis() >= releaseAt) {
                imds.hangEverything(false);
            }
            long started = System.currentTimeMillis();
            try {
                servedUnexpired();
                servedAt = System.currentTimeMillis();
            } catch (AssertionErrorOfRefusal refusal) {
                long took = System.currentTimeMillis() - started;
                assertTrue(took < (calls == 0 ? TIMEOUT_MILLIS + 700 : AT_ONCE_MILLIS), "call " + calls + " took "
                        + took + " ms: " + refusal.getMessage());
            }
            calls++;
            Thread.sleep(250);
        }
        // Background tries at about 0.5 (the first caller's), 2 and 4.5 s: after the release at 3 s the next
        // one is at most one step (2.5 s here, 4 s at the longest) away.
        assertTrue(servedAt > 0 && servedAt - releaseAt < 4_500, "served " + (servedAt - releaseAt) + " ms after release");
    }

    @Test
    void outageDuringLifeKeepsServingTheCachedCredentials() throws Exception {
        start(ImdsEmulator.builder().credentialLifetime(Duration.ofSeconds(6)).rotationLead(Duration.ofSeconds(5)),
                "refresh-ahead=4s");
        String first = servedUnexpired();
        imds.hangEverything(true);
        long releaseAt = System.currentTimeMillis() + 3_000;
        String last = first;
        while (last.equals(first) && System.currentTimeMillis() < releaseAt + 6_000) {
            if (System.currentTimeMillis() >= releaseAt) {
                imds.hangEverything(false);
            }
            last = servedUnexpired();
            Thread.sleep(50);
        }
        assertFalse(last.equals(first), "never rotated after the outage");
    }

    @Test
    void outagePastExpiryRefusesAtOnceAfterExpirationAndRecovers() throws Exception {
        start(ImdsEmulator.builder().credentialLifetime(Duration.ofSeconds(3)).rotationLead(Duration.ofSeconds(2)),
                "refresh-ahead=2s");
        Served first = served();
        imds.hangEverything(true);
        long releaseAt = first.expirationMillis + 2_000;
        int refusals = 0;
        String last = first.accessKeyId;
        while (last.equals(first.accessKeyId) && System.currentTimeMillis() < releaseAt + 8_000) {
            if (System.currentTimeMillis() >= releaseAt) {
                imds.hangEverything(false);
            }
            long started = System.currentTimeMillis();
            try {
                last = servedUnexpired();
            } catch (AssertionErrorOfRefusal refusal) {
                long took = System.currentTimeMillis() - started;
                assertTrue(took < AT_ONCE_MILLIS, "refusal took " + took + " ms");
                assertTrue(started >= first.expirationMillis - 1_100, "refused before expiry: " + refusal.getMessage());
                refusals++;
            }
            Thread.sleep(50);
        }
        assertTrue(refusals > 0, "no call fell into the outage past expiry");
        assertFalse(last.equals(first.accessKeyId), "never recovered");
    }

    // ---- the row harness ----

    private static ImdsEmulator.Builder rotatingEverySecond(int lifetimeSeconds) {
        return ImdsEmulator.builder().credentialLifetime(Duration.ofSeconds(lifetimeSeconds))
                .rotationLead(Duration.ofSeconds(lifetimeSeconds - 1));
    }

    private void start(ImdsEmulator.Builder emulator, String options) throws Exception {
        imds = emulator.role(ROLE).build().start();
        AgentConfig config = AgentConfig.load("endpoint=" + imds.baseUrl() + ",timeout=" + TIMEOUT_MILLIS + "ms,attempts="
                + ATTEMPTS + (options.isEmpty() ? "" : "," + options), Map.of(), Map.of());
        cache = ImdsCore.create(config, new Redactor()).newCache(config.refreshAheadMillis(), new RecordingEvents());
        InstrumentedSdks.serve(new AgentHandler(cache, false, new CapturedLog().log()));
        v1 = InstrumentedSdks.v1Provider(SampleApp.SDK_V1_12);
        v2 = InstrumentedSdks.v2Provider(SampleApp.SDK_V2_57);
    }

    /** What both SDKs were handed (the same key, or the row fails); throws a refusal when they were refused. */
    private Served served() throws Exception {
        Object v2Credentials;
        try {
            v2Credentials = call(v2, "resolveCredentials");
        } catch (RuntimeException refused) {
            throw new AssertionErrorOfRefusal(refused);
        }
        long returnedAt = System.currentTimeMillis();
        String accessKeyId = (String) call(v2Credentials, "accessKeyId");
        Instant expiration = ((Optional<?>) call(v2Credentials, "expirationTime")).map(Instant.class::cast).orElseThrow();
        String v1Key;
        try {
            v1Key = (String) call(call(v1, "getCredentials"), "getAWSAccessKeyId");
        } catch (RuntimeException refused) {
            throw new AssertionErrorOfRefusal(refused);
        }
        if (!v1Key.equals(accessKeyId)) {
            // A rotation between the two calls: the v1 key must be the newer one.
            assertEquals(cache.peek().accessKeyId(), v1Key);
        }
        return new Served(accessKeyId, expiration.toEpochMilli(), returnedAt);
    }

    /** Like {@link #served()}, and the credentials had not expired when they were returned. */
    private String servedUnexpired() throws Exception {
        Served served = served();
        assertTrue(served.expirationMillis > served.returnedAt, "handed out " + served.accessKeyId + " "
                + (served.returnedAt - served.expirationMillis) + " ms after its Expiration");
        return served.accessKeyId;
    }

    /** Both SDKs throw their own client exception with the agent's message; returns that message. */
    private String refused() {
        RuntimeException v2Refusal = assertThrows(RuntimeException.class, () -> call(v2, "resolveCredentials"));
        RuntimeException v1Refusal = assertThrows(RuntimeException.class, () -> call(v1, "getCredentials"));
        assertEquals("software.amazon.awssdk.core.exception.SdkClientException", v2Refusal.getClass().getName());
        assertEquals("com.amazonaws.SdkClientException", v1Refusal.getClass().getName());
        String message = v2Refusal.getMessage();
        assertTrue(message.startsWith("imds-agent: "), message);
        assertEquals(message, v1Refusal.getMessage());
        return message;
    }

    /** Every further call fails without a request to IMDS and without waiting. */
    private void assertFailsAtOnceWithoutAskingImds() throws Exception {
        int asked = imds.requests().size();
        long took = millis(() -> {
            for (int i = 0; i < 20; i++) {
                refused();
            }
            return null;
        });
        assertTrue(took < AT_ONCE_MILLIS * 2, "20 refusals took " + took + " ms");
        assertEquals(asked, imds.requests().size(), "a caller reached IMDS");
    }

    /** Serves until both SDKs are handed a key other than {@code old} (never an expired one); returns it. */
    private String awaitNewKey(String old, long withinMillis) throws Exception {
        long end = System.currentTimeMillis() + withinMillis;
        while (System.currentTimeMillis() < end) {
            String key = servedUnexpired();
            if (!key.equals(old)) {
                return key;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("still " + old + " after " + withinMillis + " ms; IMDS log:\n" + imds.requests());
    }

    private static long millis(Callable<?> call) throws Exception {
        long started = System.nanoTime();
        call.call();
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static final class Served {
        final String accessKeyId;
        final long expirationMillis;
        final long returnedAt;

        Served(String accessKeyId, long expirationMillis, long returnedAt) {
            this.accessKeyId = accessKeyId;
            this.expirationMillis = expirationMillis;
            this.returnedAt = returnedAt;
        }
    }

    /** An SDK refused to hand out credentials (where a row expects that, it catches this). */
    private static final class AssertionErrorOfRefusal extends AssertionError {
        private static final long serialVersionUID = 1L;

        AssertionErrorOfRefusal(RuntimeException refusal) {
            super("refused: " + refusal.getMessage(), refusal);
        }
    }

    private final class RecordingEvents implements CredentialEvents {
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
            events.add("imds-error " + error.kind() + " retry " + retryInMillis);
        }
    }
}
