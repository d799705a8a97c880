package io.imdsagent.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Adds up events as they are read, one at a time: memory grows with the call sites and JVMs seen, never with
 * the number of lines.
 */
final class FleetTally {
    /** Event names counted apart; beyond them (a file of other JSON) the rest are counted together. */
    static final int MAX_EVENT_NAMES = 64;
    static final String OTHER_EVENTS = "(other)";

    private final Map<Section, Map<String, CallSiteTally>> sites =
            new EnumMap<Section, Map<String, CallSiteTally>>(Section.class);
    /** Each JVM once, shared by every site it appears at. */
    private final Map<Jvm, Jvm> jvms = new HashMap<Jvm, Jvm>();
    private final Map<String, long[]> eventNames = new HashMap<String, long[]>();
    /** The JVM of the previous line: a JVM's lines mostly come one after another. */
    private Jvm previous;
    private long events;
    private long first = Long.MAX_VALUE;
    private long last = Long.MIN_VALUE;

    FleetTally() {
        for (Section section : Section.values()) {
            sites.put(section, new HashMap<String, CallSiteTally>());
        }
    }

    /** @param source where the line was read, standing in for its JVM when the event does not name one */
    void add(EventLine line, String source) {
        events++;
        countName(line.event);
        Jvm jvm = Jvm.of(line, source);
        if (jvm.sameAs(previous)) {
            jvm = previous;
        } else {
            Jvm known = jvms.get(jvm);
            if (known == null) {
                jvms.put(jvm, jvm);
            } else {
                jvm = known;
            }
            previous = jvm;
        }
        if (line.millis != EventLine.NO_TIME) {
            first = Math.min(first, line.millis);
            last = Math.max(last, line.millis);
        }
        Section section = Section.of(line.event);
        if (section == null) {
            return;
        }
        // a null caller is its own site, kept apart from any real frame name
        String key = line.caller == null ? CallSiteTally.PART : line.caller;
        CallSiteTally site = sites.get(section).get(key);
        if (site == null) {
            site = new CallSiteTally(section, line.caller);
            sites.get(section).put(key, site);
        }
        site.add(line, jvm);
    }

    private void countName(String name) {
        long[] count = eventNames.get(name);
        if (count == null) {
            if (eventNames.size() >= MAX_EVENT_NAMES) {
                name = OTHER_EVENTS;
                count = eventNames.get(name);
            }
            if (count == null) {
                count = new long[1];
                eventNames.put(name, count);
            }
        }
        count[0]++;
    }

    FleetReport report(ReadStats stats, long generatedMillis, String producer) {
        Map<Section, List<SiteRow>> rows = new EnumMap<Section, List<SiteRow>>(Section.class);
        for (Section section : Section.values()) {
            List<SiteRow> list = new ArrayList<SiteRow>();
            for (CallSiteTally site : sites.get(section).values()) {
                list.add(site.row());
            }
            Collections.sort(list, new Comparator<SiteRow>() {
                @Override
                public int compare(SiteRow a, SiteRow b) {
                    int byTotal = Long.compare(b.total, a.total);
                    return byTotal != 0 ? byTotal : a.callerOrUnknown().compareTo(b.callerOrUnknown());
                }
            });
            rows.put(section, Collections.unmodifiableList(list));
        }
        Map<String, Long> names = new TreeMap<String, Long>();
        for (Map.Entry<String, long[]> entry : eventNames.entrySet()) {
            names.put(entry.getKey(), entry.getValue()[0]);
        }
        Set<String> hosts = new HashSet<String>();
        for (Jvm jvm : jvms.keySet()) {
            hosts.add(jvm.host);
        }
        return new FleetReport(rows, names, stats, events, jvms.size(), hosts.size(),
                first == Long.MAX_VALUE ? EventLine.NO_TIME : first, last == Long.MIN_VALUE ? EventLine.NO_TIME : last,
                generatedMillis, producer);
    }
}
