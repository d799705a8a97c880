package io.imdsagent.policy;

import io.imdsagent.events.AgentLog;
import io.imdsagent.events.Event;
import io.imdsagent.events.EventSink;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes IMDSv1 events de-duplicated per call site, so a busy loop does not flood the log: of the decisions
 * of one kind at one call site, the 1st, 2nd, 4th, 8th... are written, and any after a minute of silence
 * from that site. Each written event says {@code count} (decisions at the site so far) and {@code folded}
 * (how many since the previous written event were not written). The first event of a site is also logged.
 * A site's count that was not written is written after a minute in which the site made no call (checked by
 * one daemon thread, started the first time a count is left unwritten), and when the JVM exits: so the file
 * ends, for every JVM, with each site's last {@code count}, and a report adding those up counts every decision.
 */
public final class CallSiteEvents {
    static final long QUIET_MILLIS = 60_000;
    /** Beyond this many call sites, new ones share one counter: memory stays bounded whatever the application does. */
    static final int MAX_SITES = 1024;
    private static final String OTHER_SITES = "(other call sites)";
    /** How long exit waits for the last counts: a hung events file must not hang the application's exit. */
    static final long EXIT_WAIT_MILLIS = 2_000;

    private final EventSink sink;
    private final AgentLog log;
    private final Clock clock;
    private final ExitHooks exitHooks;
    private final Later later;
    private final AtomicBoolean exitHookAdded = new AtomicBoolean();
    private final AtomicBoolean quietCheckPending = new AtomicBoolean();
    private final Runnable quietCheck = new Runnable() {
        @Override
        public void run() {
            quietCheckPending.set(false);
            if (writeUnwrittenCounts(clock.millis() - QUIET_MILLIS)) {
                scheduleQuietCheck();
            }
        }
    };
    private final ConcurrentMap<String, Site> sites = new ConcurrentHashMap<String, Site>();

    public CallSiteEvents(EventSink sink, AgentLog log, Clock clock) {
        this(sink, log, clock, ExitHooks.RUNTIME, new Later.DaemonThread());
    }

    CallSiteEvents(EventSink sink, AgentLog log, Clock clock, ExitHooks exitHooks, Later later) {
        this.sink = sink;
        this.log = log;
        this.clock = clock;
        this.exitHooks = exitHooks;
        this.later = later;
    }

    /**
     * @param event the event with its caller and fields; {@code count} and {@code folded} are added here
     * @param logLine what to log the first time this kind of decision happens at this call site
     */
    void report(Event event, String logLine, boolean warn) {
        Site site = site(event.name() + " " + event.caller());
        if (!exitHookAdded.get() && exitHookAdded.compareAndSet(false, true)) {
            addExitHook();
        }
        long now = clock.millis();
        long count;
        long folded;
        synchronized (site) {
            count = ++site.count;
            site.latest = event;
            site.decidedAt = now;
            boolean due = Long.bitCount(count) == 1 || now - site.writtenAt >= QUIET_MILLIS;
            folded = due ? count - site.writtenCount - 1 : -1;
            if (due) {
                site.writtenCount = count;
                site.writtenAt = now;
            }
        }
        if (folded < 0) {
            scheduleQuietCheck();
            return;
        }
        if (count == 1) {
            if (warn) {
                log.warn(logLine);
            } else {
                log.info(logLine);
            }
        }
        sink.emit(event.with("count", count).with("folded", folded));
    }

    /**
     * Writes, with the site's latest event, the count of every site whose last decisions were folded and whose
     * last decision came no later than {@code decidedBefore}.
     *
     * @return whether a site's count is still unwritten because the site decided more recently
     */
    boolean writeUnwrittenCounts(long decidedBefore) {
        long now = clock.millis();
        boolean pending = false;
        for (Site site : sites.values()) {
            Event event;
            long count;
            long folded;
            synchronized (site) {
                if (site.count == site.writtenCount) {
                    continue;
                }
                if (site.decidedAt > decidedBefore) {
                    pending = true;
                    continue;
                }
                event = site.latest;
                count = site.count;
                folded = count - site.writtenCount - 1;
                site.writtenCount = count;
                site.writtenAt = now;
            }
            sink.emit(event.with("count", count).with("folded", folded));
        }
        return pending;
    }

    private void scheduleQuietCheck() {
        if (!quietCheckPending.get() && quietCheckPending.compareAndSet(false, true)) {
            try {
                later.run(quietCheck, QUIET_MILLIS);
            } catch (RuntimeException e) {
                // no thread to be had: the count is written by the site's next call or at exit
                quietCheckPending.set(false);
                log.debug("cannot schedule the quiet-minute write of IMDSv1 counts", e);
            }
        }
    }

    /**
     * Registered on the first decision, so a JVM that never calls IMDSv1 gets no hook. The hook writes from
     * a daemon thread and waits for it at most {@link #EXIT_WAIT_MILLIS}.
     */
    private void addExitHook() {
        final Runnable write = new Runnable() {
            @Override
            public void run() {
                writeUnwrittenCounts(Long.MAX_VALUE);
            }
        };
        Thread hook = new Thread(new Runnable() {
            @Override
            public void run() {
                Thread writer = new Thread(write, "imds-agent-last-counts");
                writer.setDaemon(true);
                writer.start();
                try {
                    writer.join(EXIT_WAIT_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "imds-agent-exit");
        try {
            exitHooks.add(hook);
        } catch (IllegalStateException | SecurityException e) {
            // the JVM is already exiting, or a security manager forbids hooks: the last counts may be lost
            log.debug("cannot write the last IMDSv1 counts at exit", e);
        }
    }

    /** Runs a task once, later; one daemon thread, started on first use, except in tests. */
    interface Later {
        void run(Runnable task, long delayMillis);

        final class DaemonThread implements Later {
            private ScheduledThreadPoolExecutor executor;

            @Override
            public synchronized void run(Runnable task, long delayMillis) {
                if (executor == null) {
                    executor = new ScheduledThreadPoolExecutor(1, new ThreadFactory() {
                        @Override
                        public Thread newThread(Runnable runnable) {
                            Thread thread = new Thread(runnable, "imds-agent-events");
                            thread.setDaemon(true);
                            return thread;
                        }
                    });
                    // an application whose IMDSv1 calls have stopped keeps no idle thread of ours
                    executor.setKeepAliveTime(QUIET_MILLIS * 2, TimeUnit.MILLISECONDS);
                    executor.allowCoreThreadTimeOut(true);
                }
                executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Where the exit hook goes; the runtime's shutdown hooks except in tests. */
    interface ExitHooks {
        ExitHooks RUNTIME = new ExitHooks() {
            @Override
            public void add(Thread hook) {
                Runtime.getRuntime().addShutdownHook(hook);
            }
        };

        void add(Thread hook);
    }

    private Site site(String key) {
        Site site = sites.get(key);
        if (site != null) {
            return site;
        }
        if (sites.size() >= MAX_SITES) {
            key = OTHER_SITES;
        }
        Site created = new Site();
        Site raced = sites.putIfAbsent(key, created);
        return raced == null ? created : raced;
    }

    /** Counts of one kind of decision at one call site; guarded by itself. */
    private static final class Site {
        long count;
        long writtenCount;
        long writtenAt;
        long decidedAt;
        Event latest;
    }
}
