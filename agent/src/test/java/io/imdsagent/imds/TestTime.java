package io.imdsagent.imds;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/** A clock the test moves, a scheduler that runs what is due when told, and jitter that is always zero. */
final class TestTime extends Clock implements RefreshScheduler, Sleeper {
    private long now = Instant.parse("2026-11-29T12:00:00Z").toEpochMilli();
    private final List<long[]> due = new ArrayList<>();
    private final List<Runnable> tasks = new ArrayList<>();
    final List<Long> sleeps = new ArrayList<>();

    static final Random NO_JITTER = new Random() {
        @Override
        public double nextDouble() {
            return 0;
        }
    };

    @Override
    public long millis() {
        return now;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(now);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void schedule(Runnable task, long delayMillis) {
        due.add(new long[] {now + delayMillis, tasks.size()});
        tasks.add(task);
    }

    @Override
    public void sleep(long millis) {
        sleeps.add(millis);
    }

    /** When the earliest pending background task is due, or -1. */
    long nextDue() {
        return due.stream().mapToLong(d -> d[0]).min().orElse(-1);
    }

    /** Whether a background task is pending for exactly {@code millis} from now. */
    boolean hasTaskIn(long millis) {
        return due.stream().anyMatch(d -> d[0] == now + millis);
    }

    /**
     * A host suspend: the wall clock jumps while pending delays, which run on the monotonic clock,
     * do not elapse.
     */
    void suspendFor(long millis) {
        now += millis;
        due.forEach(d -> d[0] += millis);
    }

    /** Moves the clock forward, running every background task that falls due on the way, in order. */
    void advance(long millis) {
        long target = now + millis;
        while (true) {
            long[] next = due.stream().filter(d -> d[0] <= target).min(Comparator.comparingLong(d -> d[0])).orElse(null);
            if (next == null) {
                break;
            }
            due.remove(next);
            now = Math.max(now, next[0]);
            tasks.get((int) next[1]).run();
        }
        now = target;
    }
}
