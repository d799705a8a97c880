package io.imdsagent.imds;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.util.Random;

/**
 * Tries a request up to {@code attempts} times with exponential back-off and jitter on 5xx, 429 and
 * timeouts. Until IMDS has answered once, an unreachable endpoint is not retried: off EC2 (or with a
 * hop limit too low) the first request must be decided within about one timeout, not several. No try starts
 * and no back-off sleeps past the caller's {@link Deadline}: then the last answer or failure is the result.
 */
public final class RetryingTransport implements ImdsTransport {
    private static final long BASE_BACKOFF_MILLIS = 100;
    private static final long MAX_BACKOFF_MILLIS = 2000;

    private final ImdsTransport delegate;
    private final int attempts;
    private final Sleeper sleeper;
    private final Random random;
    private volatile boolean answeredOnce;

    public RetryingTransport(ImdsTransport delegate, int attempts, Sleeper sleeper, Random random) {
        this.delegate = delegate;
        this.attempts = attempts;
        this.sleeper = sleeper;
        this.random = random;
    }

    @Override
    public ImdsResponse send(String method, String path, String headerName, String headerValue, Deadline deadline)
            throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                ImdsResponse response = delegate.send(method, path, headerName, headerValue, deadline);
                answeredOnce = true;
                if (attempt < attempts && isRetryable(response.status()) && backedOff(attempt, deadline)) {
                    continue;
                }
                return response;
            } catch (IOException e) {
                if (!(isUnreachable(e) && answeredOnce) || attempt >= attempts || !backedOff(attempt, deadline)) {
                    throw e;
                }
            }
        }
    }

    static boolean isUnreachable(IOException e) {
        return e instanceof SocketTimeoutException || e instanceof ConnectException
                || e instanceof NoRouteToHostException;
    }

    private static boolean isRetryable(int status) {
        return status >= 500 || status == 429;
    }

    /** Sleeps before the next try; false, without sleeping, when that would leave no time for it. */
    private boolean backedOff(int attempt, Deadline deadline) throws InterruptedIOException {
        long ceiling = Math.min(MAX_BACKOFF_MILLIS, BASE_BACKOFF_MILLIS << (attempt - 1));
        long delay = ceiling / 2 + (long) (random.nextDouble() * (ceiling / 2));
        if (delay >= deadline.leftMillis()) {
            return false;
        }
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("imds-agent: interrupted while backing off between IMDS retries");
        }
        return true;
    }
}
