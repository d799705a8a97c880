package io.imdsagent.policy;

import io.imdsagent.events.AgentLog;
import io.imdsagent.events.Event;
import io.imdsagent.events.EventSink;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Writes IMDSv1 events de-duplicated per call site, so a busy loop does not flood the log: of the decisions
 * of one kind at one call site, the 1st, 2nd, 4th, 8th... are written, and any after a minute of silence
 * from that site. Each written event says {@code count} (decisions at the site so far) and {@code folded}
 * (how many since the previous written event were not written). The first event of a site is also logged.
 */
public final class CallSiteEvents {
    static final long QUIET_MILLIS = 60_000;
    /** Beyond this many call sites, new ones share one counter: memory stays bounded whatever the application does. */
    static final int MAX_SITES = 1024;
    private static final String OTHER_SITES = "(other call sites)";

    private final EventSink sink;
    private final AgentLog log;
    private final Clock clock;
    private final ConcurrentMap<String, Site> sites = new ConcurrentHashMap<String, Site>();

    public CallSiteEvents(EventSink sink, AgentLog log, Clock clock) {
        this.sink = sink;
        this.log = log;
        this.clock = clock;
    }

    /**
     * @param event the event with its caller and fields; {@code count} and {@code folded} are added here
     * @param logLine what to log the first time this kind of decision happens at this call site
     */
    void report(Event event, String logLine, boolean warn) {
        Site site = site(event.name() + " " + event.caller());
        long now = clock.millis();
        long count;
        long folded;
        synchronized (site) {
            count = ++site.count;
            boolean due = Long.bitCount(count) == 1 || now - site.writtenAt >= QUIET_MILLIS;
            if (!due) {
                return;
            }
            folded = count - site.writtenCount - 1;
            site.writtenCount = count;
            site.writtenAt = now;
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
    }
}
