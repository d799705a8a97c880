package io.imdsagent.imds;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

/**
 * When one caller's call into IMDS must be over. The contract promises that no caller waits longer than
 * {@code timeout} x {@code attempts} on IMDS, but one call is several requests (token, role listing,
 * credentials), each tried up to {@code attempts} times with back-off in between; so the call starts one
 * deadline and every request, back-off and wait for another thread's request in flight draws on it. It runs on
 * the monotonic clock: a step of the wall clock neither shortens nor stretches it.
 */
public final class Deadline {
    private final long endNanos;
    private final long budgetMillis;

    private Deadline(long endNanos, long budgetMillis) {
        this.endNanos = endNanos;
        this.budgetMillis = budgetMillis;
    }

    /** A deadline {@code millis} from now. */
    public static Deadline in(long millis) {
        return new Deadline(System.nanoTime() + millis * 1_000_000L, millis);
    }

    /** Whole milliseconds left, 0 once passed (less than a millisecond left counts as passed). */
    public long leftMillis() {
        return Math.max(0, (endNanos - System.nanoTime()) / 1_000_000L);
    }

    /** The timeout of one more request: the smaller of {@code timeoutMillis} and what is left, 0 when nothing is. */
    long limit(long timeoutMillis) {
        return Math.min(timeoutMillis, leftMillis());
    }

    /**
     * Takes {@code lock}, which another caller holds while its own request to IMDS is in flight, waiting at most
     * until this deadline.
     *
     * @param what the request the lock guards, for the message
     */
    void acquire(Lock lock, String what) throws ImdsException {
        // Untimed first: a free lock is taken even by a thread whose interrupt flag is set, as synchronized did.
        if (lock.tryLock()) {
            return;
        }
        try {
            if (lock.tryLock(leftMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ImdsException(ImdsException.Kind.UNREACHABLE, "interrupted while waiting for " + what
                    + " from IMDS.", e);
        }
        throw new ImdsException(ImdsException.Kind.UNREACHABLE, "IMDS did not answer within " + budgetMillis
                + " ms (timeout x attempts): another thread of this JVM is still waiting on it for " + what
                + ". Off EC2 this is expected; on EC2 check that the metadata service is enabled and that option"
                + " endpoint is right.");
    }

    @Override
    public String toString() {
        return "Deadline{budget=" + budgetMillis + "ms, left=" + leftMillis() + "ms}";
    }
}
