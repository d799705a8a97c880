package io.imdsagent.imds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.imdsagent.config.AgentConfig;
import io.imdsagent.config.ImdsV1Mode;
import io.imdsagent.events.Redactor;
import io.imdsagent.adapters.CapturedLog;
import io.imdsagent.policy.ImdsRequest;
import io.imdsagent.policy.ImdsV1Decision;
import io.imdsagent.policy.ImdsV1Gate;
import io.imdsagent.testapps.emulator.ImdsEmulator;
import io.imdsagent.testing.GateOverEmulator;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * No caller waits longer than {@code timeout} x {@code attempts} on IMDS (the contract), however many requests
 * its call takes: the agent's real IMDS core, built from options as the agent builds it, against the emulator over
 * loopback answering each request just under the timeout, or hanging the token PUT. With {@code timeout=1s,
 * attempts=2} a caller may wait 2 s; token, role listing and credentials at 0.9 s each would hold it 2.7 s.
 */
class OneDeadlinePerCallerTest {
    private static final String ROLE = "deadline-role";
    private static final String CREDENTIALS = ImdsEmulator.CREDENTIALS_PATH + ROLE;
    private static final long TIMEOUT_MILLIS = 1_000;
    private static final int ATTEMPTS = 2;
    private static final long BUDGET_MILLIS = TIMEOUT_MILLIS * ATTEMPTS;
    /** Just under the timeout: each request alone is answered in time. */
    private static final Duration SLOW = Duration.ofMillis(900);
    /** Scheduling on a loaded 2-core machine; well under the 700 ms a third slow answer would add. */
    private static final long SLACK_MILLIS = 450;
    /** What "fails at once" allows on a loaded 2-core machine. */
    private static final long AT_ONCE_MILLIS = 200;

    private ImdsEmulator imds;
    private ImdsCore core;
    private CredentialCache cache;

    @BeforeAll
    static void loadTheTransport() throws Exception {
        // The first request loads the agent's HTTP classes: no test should pay for that within its budget.
        try (ImdsEmulator warm = ImdsEmulator.builder().role(ROLE).build().start()) {
            GateOverEmulator.cache(GateOverEmulator.core(warm)).get();
        }
    }

    @BeforeEach
    void start() throws Exception {
        imds = ImdsEmulator.builder().role(ROLE).build().start();
        core = ImdsCore.create(AgentConfig.load("endpoint=" + imds.baseUrl() + ",timeout=" + TIMEOUT_MILLIS
                + "ms,attempts=" + ATTEMPTS, Map.of(), Map.of()), new Redactor());
        cache = GateOverEmulator.cache(core);
    }

    @AfterEach
    void stop() {
        imds.close();
    }

    @Test
    void aCredentialsCallWhoseEveryRequestIsSlowIsRefusedWithinTimeoutTimesAttempts() throws Exception {
        imds.delay(ImdsEmulator.TOKEN_PATH, SLOW).delay(ImdsEmulator.CREDENTIALS_PATH, SLOW);
        ImdsException refused = refusedWithin(BUDGET_MILLIS, cache::get);
        Instant refusedAt = Instant.now();
        assertEquals(ImdsException.Kind.UNREACHABLE, refused.kind());

        // The outage logic goes on as before: later calls fail at once, the background retry serves once IMDS is fast.
        refusedWithin(AT_ONCE_MILLIS, cache::get);
        imds.delay(ImdsEmulator.TOKEN_PATH, Duration.ZERO).delay(ImdsEmulator.CREDENTIALS_PATH, Duration.ZERO);
        assertNotNull(servedWithin(CredentialCache.FIRST_RETRY_MILLIS + BUDGET_MILLIS + SLACK_MILLIS));

        // The emulator logs a request once its delay is over; the caller's requests all arrived before its refusal.
        // Each was sent once (usually all three; on a loaded machine an answer may come too late for the next):
        // a retry would have needed time past the deadline.
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), refusedAt.plus(SLOW)).toMillis() + 300));
        assertEquals(1, arrivedBefore(refusedAt, ImdsEmulator.TOKEN_PATH));
        assertTrue(arrivedBefore(refusedAt, ImdsEmulator.CREDENTIALS_PATH) <= 1);
        assertTrue(arrivedBefore(refusedAt, CREDENTIALS) <= 1, "no retry of the credentials GET past the deadline");
    }

    @Test
    void anUpgradedImdsV1CallWhoseEveryRequestIsSlowIsRefusedWithinTimeoutTimesAttempts() {
        imds.delay(ImdsEmulator.TOKEN_PATH, SLOW).delay(ImdsEmulator.CREDENTIALS_PATH, SLOW);
        ImdsV1Gate gate = GateOverEmulator.gate(ImdsV1Mode.UPGRADE, imds, core, cache, event -> { },
                new CapturedLog().log());
        ImdsV1Decision[] decision = new ImdsV1Decision[1];
        long took = millis(() -> decision[0] = gate.decide(
                new ImdsRequest("TestClient", "GET", "http", "169.254.169.254", -1, CREDENTIALS, false)));
        assertTrue(took <= BUDGET_MILLIS + SLACK_MILLIS, "waited " + took + " ms");
        assertTrue(decision[0].refusal().getMessage().startsWith("imds-agent: "), decision[0].refusal().getMessage());
    }

    @Test
    void aReMintWhoseTokenPutHangsIsRefusedWithinTimeoutTimesAttempts() throws Exception {
        String instanceId = "/latest/meta-data/instance-id";
        assertEquals(200, core.profile().session().get(instanceId, core.profile().newDeadline()).status());
        // IMDS forgets the token (a restart): the slow GET is refused with 401 and the re-mint hangs.
        imds.revokeTokens();
        imds.hangTokenPut(true);
        imds.delay(instanceId, SLOW);
        // Usually refused naming the hop limit (the PUT timed out); on a loaded machine the GET may time out first.
        refusedWithin(BUDGET_MILLIS, () -> core.profile().session().get(instanceId, core.profile().newDeadline()));
        imds.hangTokenPut(false);
    }

    @Test
    void aCallerWaitingForAnotherThreadsFetchWaitsNoLongerThanItsOwnDeadline() throws Exception {
        // The first caller's fetch takes about 1.8 s: the token at once, listing and credentials slow.
        imds.delay(ImdsEmulator.CREDENTIALS_PATH, SLOW);
        CompletableFuture<Credentials> first = CompletableFuture.supplyAsync(() -> {
            try {
                return cache.get();
            } catch (ImdsException slowerThanPlannedOnALoadedMachine) {
                return null;
            }
        });
        // Once the token is answered the first caller is inside its fetch; a caller with 500 ms left arrives.
        while (imds.requests().tokenPuts() == 0) {
            Thread.sleep(10);
        }
        long left = 500;
        ImdsException refused = refusedWithin(left, () -> cache.get(Deadline.in(left)));
        assertTrue(refused.getMessage().contains("another thread"), refused.getMessage());
        first.get(BUDGET_MILLIS + 5_000, TimeUnit.MILLISECONDS);
    }

    /** The caller's refusal, which must come within {@code millis} and slack and say it is the agent's. */
    private static ImdsException refusedWithin(long millis, Executable call) {
        ImdsException[] refused = new ImdsException[1];
        long took = millis(() -> refused[0] = assertThrows(ImdsException.class, call));
        assertTrue(took <= millis + SLACK_MILLIS, "waited " + took + " ms, " + millis + " ms and slack allowed");
        assertTrue(refused[0].getMessage().startsWith("imds-agent: "), refused[0].getMessage());
        return refused[0];
    }

    private Credentials servedWithin(long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            Credentials served = cache.peek();
            if (served != null) {
                return served;
            }
            Thread.sleep(50);
        }
        return null;
    }

    private long arrivedBefore(Instant instant, String path) {
        return imds.requests().count(request -> request.path().equals(path) && request.time().isBefore(instant));
    }

    private static long millis(Runnable call) {
        long start = System.nanoTime();
        call.run();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
