package io.imdsagent.imds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryingTransportTest {
    private final FakeImds imds = new FakeImds();
    private final TestTime time = new TestTime();
    private final RetryingTransport transport = new RetryingTransport(imds, 3, time, new Random(7));
    private final Deadline deadline = Deadline.in(60_000);

    @Test
    void retries5xxAnd429WithGrowingJitteredBackOff() throws Exception {
        imds.faults.add(503);
        imds.faults.add(429);
        assertEquals(200,
                transport.send("PUT", TokenSession.TOKEN_PATH, TokenSession.TTL_HEADER, "60", deadline).status());
        assertEquals(3, imds.requests.size());
        assertEquals(2, time.sleeps.size());
        assertTrue(time.sleeps.get(0) >= 50 && time.sleeps.get(0) <= 100, "first back-off " + time.sleeps);
        assertTrue(time.sleeps.get(1) >= 100 && time.sleeps.get(1) <= 200, "second back-off " + time.sleeps);
    }

    @Test
    void givesUpAfterTheConfiguredAttemptsWithTheLastAnswer() throws Exception {
        for (int i = 0; i < 4; i++) {
            imds.faults.add(500);
        }
        assertEquals(500, transport.send("GET", "/latest/meta-data/", null, null, deadline).status());
        assertEquals(3, imds.requests.size());
    }

    @Test
    void doesNotRetryAnswersThatWillNotChange() throws Exception {
        imds.faults.add(404);
        assertEquals(404, transport.send("GET", "/latest/meta-data/nothing", null, null, deadline).status());
        assertEquals(1, imds.requests.size());
    }

    @Test
    void anEndpointThatNeverAnsweredIsNotRetried() {
        imds.faults.add(new SocketTimeoutException("Read timed out"));
        assertThrows(SocketTimeoutException.class,
                () -> transport.send("PUT", TokenSession.TOKEN_PATH, null, null, deadline));
        assertEquals(1, imds.requests.size());
        assertTrue(time.sleeps.isEmpty());
    }

    @Test
    void timeoutsAreRetriedOnceImdsHasAnswered() throws Exception {
        transport.send("PUT", TokenSession.TOKEN_PATH, TokenSession.TTL_HEADER, "60", deadline);
        imds.faults.add(new SocketTimeoutException("Read timed out"));
        imds.faults.add(new ConnectException("Connection refused"));
        assertEquals(200,
                transport.send("PUT", TokenSession.TOKEN_PATH, TokenSession.TTL_HEADER, "60", deadline).status());
        assertEquals(4, imds.requests.size());
    }

    @Test
    void noBackOffSleepsPastTheCallersDeadline() throws Exception {
        imds.faults.add(503);
        // The first back-off is 50 to 100 ms: with at most 50 ms left there is no time for a second try.
        assertEquals(503, transport.send("GET", "/latest/meta-data/", null, null, Deadline.in(50)).status());
        assertEquals(1, imds.requests.size());
        assertTrue(time.sleeps.isEmpty());
    }

    @Test
    void aTimeoutIsNotRetriedWhenTheDeadlineLeavesNoTime() throws Exception {
        transport.send("PUT", TokenSession.TOKEN_PATH, TokenSession.TTL_HEADER, "60", deadline);
        imds.faults.add(new SocketTimeoutException("Read timed out"));
        assertThrows(SocketTimeoutException.class,
                () -> transport.send("GET", "/latest/meta-data/", null, null, Deadline.in(50)));
        assertEquals(2, imds.requests.size());
        assertTrue(time.sleeps.isEmpty());
    }
}
