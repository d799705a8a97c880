package io.imdsagent.imds;

import io.imdsagent.metrics.AgentCounter;
import java.time.Clock;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.locks.ReentrantLock;

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
 * than the whole cached lookup may. Instead a watchdog marks a snapshot stale {@link #STALE_MARGIN_MILLIS}
 * before it must stop being served, and callers of a stale snapshot check the clock exactly. The watchdog
 * has a thread of its own: on the refresh thread it would wait behind a refresh stuck on a slow IMDS
 * ({@code attempts} x {@code timeout}) while the hot path served keys past their {@code Expiration}. It
 * wakes at least every {@link #WATCHDOG_MAX_SLEEP_MILLIS}: its delays run on the monotonic clock, which
 * stands still while the host is suspended (EC2 hibernation), so a resumed JVM notices the wall clock's
 * jump within that bound.
 *
 * <p>Failures are remembered: while IMDS fails (unreachable at boot, a hop limit too low, 5xx) callers
 * get the remembered error at once and never wait on IMDS; only the background retries, from
 * {@link #FIRST_RETRY_MILLIS} apart doubling to {@link #MAX_RETRY_MILLIS}, so credentials are served
 * within one such step of IMDS answering again. The only caller that asks IMDS itself is one that
 * finds nothing cached, nothing remembered and no refresh under way (the first call in the JVM). Such a
 * caller, and one waiting for another's fetch in flight, waits at most {@code timeout} x {@code attempts}.
 */
public final class CredentialCache implements CredentialSource {
    static final long MIN_RETRY_DELAY_MILLIS = 500;
    static final long FIRST_RETRY_MILLIS = 1_000;
    static final long MAX_RETRY_MILLIS = 60_000;
    static final long SAME_KEYS_BACKOFF_MILLIS = 30_000;
    static final long EXPIRED_GRACE_MILLIS = 5 * 60_000;
    static final long STALE_MARGIN_MILLIS = 1_000;
    static final long WATCHDOG_MAX_SLEEP_MILLIS = 10_000;

    private final InstanceProfile profile;
    private final long refreshAheadMillis;
    private final Clock clock;
    private final RefreshScheduler refreshes;
    private final RefreshScheduler watchdog;
    private final Random random;
    private final CredentialEvents events;

    private final ReentrantLock fetchLock = new ReentrantLock();
    private volatile Snapshot snapshot;
    private volatile ImdsException failure;
    private volatile boolean backgroundRefreshRunning;
    // Guarded by fetchLock.
    private int sameKeysInARow;
    private int failuresInARow;
    private long refreshGeneration;

    /**
     * @param refreshes runs background refreshes, which may block on IMDS
     * @param watchdog runs the expiry watchdog; must not be {@code refreshes}' thread (see the class comment)
     */
    public CredentialCache(InstanceProfile profile, long refreshAheadMillis, Clock clock, RefreshScheduler refreshes,
                           RefreshScheduler watchdog, Random random, CredentialEvents events) {
        this.profile = profile;
        this.refreshAheadMillis = refreshAheadMillis;
        this.clock = clock;
        this.refreshes = refreshes;
        this.watchdog = watchdog;
        this.random = random;
        this.events = events;
    }

    @Override
    public Credentials get() throws ImdsException {
        Snapshot current = snapshot;
        if (current != null && !current.stale) {
            return current.credentials;
        }
        return getSlowly(current, null);
    }

    @Override
    public Credentials get(Deadline deadline) throws ImdsException {
        Snapshot current = snapshot;
        if (current != null && !current.stale) {
            return current.credentials;
        }
        return getSlowly(current, deadline);
    }

    /** @param deadline the caller's, or null to start one should it wait on IMDS */
    private Credentials getSlowly(Snapshot current, Deadline deadline) throws ImdsException {
        if (current != null && clock.millis() < current.serveUntil) {
            return current.credentials;
        }
        ImdsException remembered = failure;
        if (remembered != null) {
            throw remembered;
        }
        if (backgroundRefreshRunning) {
            throw new ImdsException(ImdsException.Kind.UNREACHABLE, (current == null ? "no instance credentials yet"
                    : "the instance credentials expired at " + Instant.ofEpochMilli(current.credentials.expirationMillis()))
                    + " and IMDS has not yet answered the agent's refresh; it keeps trying in the background.");
        }
        Deadline within = deadline != null ? deadline : profile.newDeadline();
        // A fetch in flight (the first caller's, or a background refresh) holds the lock: wait for it, but no longer
        // than this caller's own deadline.
        within.acquire(fetchLock, "the instance credentials");
        try {
            current = snapshot;
            if (current != null && clock.millis() < current.serveUntil) {
                return current.credentials;
            }
            remembered = failure;
            if (remembered != null) {
                throw remembered;
            }
            return refreshLocked(within);
        } finally {
            fetchLock.unlock();
        }
    }

    /** The credentials being served, or null; never calls IMDS. */
    public Credentials peek() {
        Snapshot current = snapshot;
        return current == null ? null : current.credentials;
    }

    private Credentials refreshLocked(Deadline deadline) throws ImdsException {
        Credentials fresh;
        try {
            fresh = profile.fetchCredentials(deadline);
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
        watchdog.schedule(new Runnable() {
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
        long delay = Math.min(MAX_RETRY_MILLIS, FIRST_RETRY_MILLIS << Math.min(failuresInARow - 1, 20));
        // Jitter shortens the step, so that a fleet spreads out while no step exceeds the promised bound.
        delay -= jitter(delay / 10);
        Snapshot current = snapshot;
        long now = clock.millis();
        if (current != null && now < current.serveUntil) {
            // Still serving: try again well before what is cached runs out.
            delay = Math.min(delay, (current.serveUntil - now) / 4);
        }
        delay = Math.max(MIN_RETRY_DELAY_MILLIS, delay);
        failure = e;
        events.imdsError(e, delay);
        scheduleRefresh(delay);
    }

    private void scheduleRefresh(long delayMillis) {
        final long generation = ++refreshGeneration;
        refreshes.schedule(new Runnable() {
            @Override
            public void run() {
                refreshInBackground(generation);
            }
        }, Math.max(MIN_RETRY_DELAY_MILLIS, delayMillis));
    }

    private void refreshInBackground(long generation) {
        fetchLock.lock();
        try {
            if (generation != refreshGeneration) {
                return;
            }
            backgroundRefreshRunning = true;
            try {
                refreshLocked(profile.newDeadline());
            } catch (ImdsException alreadyRemembered) {
                // rememberFailure has reported it and planned the next try.
            } catch (RuntimeException unexpected) {
                rememberFailure(new ImdsException(ImdsException.Kind.BAD_ANSWER,
                        "credential refresh failed unexpectedly: " + unexpected, unexpected));
            } finally {
                backgroundRefreshRunning = false;
            }
        } finally {
            fetchLock.unlock();
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
}
