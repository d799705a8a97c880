package io.imdsagent.imds;

import io.imdsagent.metrics.AgentCounter;
import java.time.Clock;
import java.util.Random;

/**
 * The JVM's one copy of the instance credentials. Readers take an immutable snapshot through one
 * volatile read (this is on the path of every signed SDK request); fetches are single-flight, so any
 * number of threads, providers or class loaders asking at once cause one request to IMDS.
 *
 * <p>Rotation: AWS makes new credentials available at least five minutes before the old ones expire,
 * so the cache refreshes in the background {@code refresh-ahead} before {@code Expiration} (jittered,
 * so a fleet does not ask in step). If IMDS still hands out the same keys it asks again with back-off.
 * Cached credentials are served until their {@code Expiration} and never past it; the one exception is
 * credentials that IMDS itself hands out already expired (as AWS does during its own outages), which
 * are served for a few jittered minutes at a time, each time reported.
 *
 * <p>The hot path reads no clock: on these machines one {@code System.currentTimeMillis()} costs more
 * than the whole cached lookup may. Instead a watchdog on the refresh thread marks a snapshot stale
 * {@link #STALE_MARGIN_MILLIS} before it must stop being served, and callers of a stale snapshot check the
 * clock exactly. The watchdog wakes at least every {@link #WATCHDOG_MAX_SLEEP_MILLIS}: its delays run on
 * the monotonic clock, which stands still while the host is suspended (EC2 hibernation), so a resumed
 * JVM notices the wall clock's jump within that bound.
 *
 * <p>Failures are remembered: while IMDS is unreachable (not on EC2, hop limit too low) callers get the
 * remembered error at once and only the background retries, at least a minute apart, so no caller
 * stalls on a dead endpoint more than once.
 */
public final class CredentialCache implements CredentialSource {
    static final long MIN_RETRY_DELAY_MILLIS = 500;
    static final long UNREACHABLE_BACKOFF_MILLIS = 60_000;
    static final long MAX_UNREACHABLE_BACKOFF_MILLIS = 15 * 60_000;
    static final long ERROR_BACKOFF_MILLIS = 1_000;
    static final long MAX_ERROR_BACKOFF_MILLIS = 60_000;
    static final long SAME_KEYS_BACKOFF_MILLIS = 30_000;
    static final long EXPIRED_GRACE_MILLIS = 5 * 60_000;
    static final long STALE_MARGIN_MILLIS = 1_000;
    static final long WATCHDOG_MAX_SLEEP_MILLIS = 10_000;

    private final InstanceProfile profile;
    private final long refreshAheadMillis;
    private final Clock clock;
    private final RefreshScheduler scheduler;
    private final Random random;
    private final CredentialEvents events;

    private final Object fetchLock = new Object();
    private volatile Snapshot snapshot;
    private volatile Failure failure;
    // Guarded by fetchLock.
    private int sameKeysInARow;
    private int failuresInARow;
    private long refreshGeneration;

    public CredentialCache(InstanceProfile profile, long refreshAheadMillis, Clock clock,
                           RefreshScheduler scheduler, Random random, CredentialEvents events) {
        this.profile = profile;
        this.refreshAheadMillis = refreshAheadMillis;
        this.clock = clock;
        this.scheduler = scheduler;
        this.random = random;
        this.events = events;
    }

    @Override
    public Credentials get() throws ImdsException {
        Snapshot current = snapshot;
        if (current != null && !current.stale) {
            return current.credentials;
        }
        if (current != null && clock.millis() < current.serveUntil) {
            return current.credentials;
        }
        synchronized (fetchLock) {
            long now = clock.millis();
            current = snapshot;
            if (current != null && now < current.serveUntil) {
                return current.credentials;
            }
            Failure remembered = failure;
            if (remembered != null && (remembered.unreachable() || now < remembered.retryAt)) {
                throw remembered.error;
            }
            return refreshLocked();
        }
    }

    /** The credentials being served, or null; never calls IMDS. */
    public Credentials peek() {
        Snapshot current = snapshot;
        return current == null ? null : current.credentials;
    }

    private Credentials refreshLocked() throws ImdsException {
        Credentials fresh;
        try {
            fresh = profile.fetchCredentials();
        } catch (ImdsException e) {
            rememberFailure(e);
            throw e;
        }
        failure = null;
        failuresInARow = 0;
        long now = clock.millis();
        Snapshot previous = snapshot;
        if (fresh.expirationMillis() <= now) {
            long until = now + EXPIRED_GRACE_MILLIS + jitter(EXPIRED_GRACE_MILLIS);
            publish(new Snapshot(fresh, until));
            events.expiredServed(fresh, until);
            scheduleRefresh(until - now);
            return fresh;
        }
        publish(new Snapshot(fresh, fresh.expirationMillis()));
        long untilExpiry = fresh.expirationMillis() - now;
        if (previous == null || !fresh.sameKeysAs(previous.credentials)) {
            sameKeysInARow = 0;
            AgentCounter.CREDENTIAL_REFRESHES.increment();
            events.refreshed(fresh);
            scheduleRefresh(untilExpiry - refreshAheadMillis - jitter(refreshAheadMillis / 4));
        } else {
            sameKeysInARow++;
            long backOff = SAME_KEYS_BACKOFF_MILLIS << Math.min(sameKeysInARow - 1, 4);
            scheduleRefresh(Math.min(untilExpiry / 4, backOff));
        }
        return fresh;
    }

    private void publish(Snapshot fresh) {
        snapshot = fresh;
        watch(fresh);
    }

    /** Marks {@code watched} stale shortly before it must stop being served; see the class comment. */
    private void watch(final Snapshot watched) {
        long untilStale = watched.serveUntil - STALE_MARGIN_MILLIS - clock.millis();
        if (untilStale <= 0) {
            watched.stale = true;
            return;
        }
        scheduler.schedule(new Runnable() {
            @Override
            public void run() {
                if (snapshot == watched) {
                    watch(watched);
                }
            }
        }, Math.min(untilStale, WATCHDOG_MAX_SLEEP_MILLIS));
    }

    private void rememberFailure(ImdsException e) {
        failuresInARow++;
        boolean unreachable = e.kind() == ImdsException.Kind.UNREACHABLE;
        long base = unreachable ? UNREACHABLE_BACKOFF_MILLIS : ERROR_BACKOFF_MILLIS;
        long max = unreachable ? MAX_UNREACHABLE_BACKOFF_MILLIS : MAX_ERROR_BACKOFF_MILLIS;
        long delay = Math.min(max, base << Math.min(failuresInARow - 1, 20));
        delay += jitter(delay / 10);
        Snapshot current = snapshot;
        long now = clock.millis();
        if (current != null && now < current.serveUntil) {
            // Still serving: try again well before what is cached runs out.
            delay = Math.min(delay, (current.serveUntil - now) / 4);
        }
        delay = Math.max(MIN_RETRY_DELAY_MILLIS, delay);
        failure = new Failure(e, now + delay);
        events.imdsError(e, delay);
        scheduleRefresh(delay);
    }

    private void scheduleRefresh(long delayMillis) {
        final long generation = ++refreshGeneration;
        scheduler.schedule(new Runnable() {
            @Override
            public void run() {
                refreshInBackground(generation);
            }
        }, Math.max(MIN_RETRY_DELAY_MILLIS, delayMillis));
    }

    private void refreshInBackground(long generation) {
        synchronized (fetchLock) {
            if (generation != refreshGeneration) {
                return;
            }
            try {
                refreshLocked();
            } catch (ImdsException alreadyRemembered) {
                // rememberFailure has reported it and planned the next try.
            } catch (RuntimeException unexpected) {
                rememberFailure(new ImdsException(ImdsException.Kind.BAD_ANSWER,
                        "credential refresh failed unexpectedly: " + unexpected, unexpected));
            }
        }
    }

    private long jitter(long bound) {
        return bound <= 0 ? 0 : (long) (random.nextDouble() * bound);
    }

    private static final class Snapshot {
        final Credentials credentials;
        final long serveUntil;
        volatile boolean stale;

        Snapshot(Credentials credentials, long serveUntil) {
            this.credentials = credentials;
            this.serveUntil = serveUntil;
        }
    }

    private static final class Failure {
        final ImdsException error;
        final long retryAt;

        Failure(ImdsException error, long retryAt) {
            this.error = error;
            this.retryAt = retryAt;
        }

        boolean unreachable() {
            return error.kind() == ImdsException.Kind.UNREACHABLE;
        }
    }
}
