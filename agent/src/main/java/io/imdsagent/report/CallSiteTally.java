package io.imdsagent.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What one call site did across the fleet. Decisions are added up per JVM: the agent writes a site's running
 * {@code count} on the 1st, 2nd, 4th... decision and the last one at exit, so a JVM's decisions of one kind are
 * its highest {@code count} (however many lines, files or copies said so), summed over JVMs. Lines without a
 * count (events written once per decision) count one each.
 */
final class CallSiteTally {
    static final String PART = "\u0000";

    private final Section section;
    private final String caller;
    /** Per JVM and kind: the highest count, then (after the kinds) lines without a count. */
    private final Map<Jvm, long[]> jvms = new HashMap<Jvm, long[]>();
    private final Examples jars = new Examples();
    private final Examples vias = new Examples();
    private final Examples clients = new Examples();
    private final Examples requests = new Examples();
    private final Examples roles = new Examples();
    private final Timeline timeline = new Timeline();
    private long first = Long.MAX_VALUE;
    private long last = Long.MIN_VALUE;

    CallSiteTally(Section section, String caller) {
        this.section = section;
        this.caller = caller;
    }

    void add(EventLine line, Jvm jvm) {
        int kinds = section.kinds().size();
        int kind = section.kind(line.event);
        long[] counts = jvms.get(jvm);
        if (counts == null) {
            counts = new long[2 * kinds];
            jvms.put(jvm, counts);
            // Where the call site is does not change within a JVM: its examples are counted once per JVM,
            // so "most frequent" means "in the most JVMs", and a million lines cost no more than their JVMs.
            if (line.jar != null) {
                jars.add(line.jar + PART + nonNull(line.jarVersion));
            }
            if (line.via != null) {
                vias.add(line.via + PART + nonNull(line.viaJar) + PART + nonNull(line.viaJarVersion));
            }
            clients.add(line.client);
            if (line.url != null) {
                requests.add(line.method == null ? line.url : line.method + " " + line.url);
            }
            roles.add(line.roleArn);
        }
        if (line.count == EventLine.NO_COUNT) {
            counts[kinds + kind]++;
        } else {
            counts[kind] = Math.max(counts[kind], line.count);
        }
        timeline.add(line.millis, line.decisions());
        if (line.millis != EventLine.NO_TIME) {
            first = Math.min(first, line.millis);
            last = Math.max(last, line.millis);
        }
    }

    private static String nonNull(String value) {
        return value == null ? "" : value;
    }

    SiteRow row() {
        int kinds = section.kinds().size();
        long[] decisions = new long[kinds];
        TreeSet<String> hosts = new TreeSet<String>();
        TreeSet<String> apps = new TreeSet<String>();
        for (Map.Entry<Jvm, long[]> entry : jvms.entrySet()) {
            long[] counts = entry.getValue();
            for (int kind = 0; kind < kinds; kind++) {
                decisions[kind] += counts[kind] + counts[kinds + kind];
            }
            hosts.add(entry.getKey().host);
            apps.add(entry.getKey().app);
        }
        return new SiteRow(section, caller, located(jars), located(vias), clients.values(), requests.values(),
                roles.values(), decisions, jvms.size(), hosts.size(), firstFew(hosts), apps.size(), firstFew(apps),
                first == Long.MAX_VALUE ? EventLine.NO_TIME : first, last == Long.MIN_VALUE ? EventLine.NO_TIME : last,
                timeline);
    }

    private static List<SiteRow.Located> located(Examples examples) {
        List<SiteRow.Located> located = new ArrayList<SiteRow.Located>();
        for (String value : examples.values()) {
            String[] parts = value.split(PART, -1);
            located.add(parts.length == 2 ? new SiteRow.Located(null, parts[0], parts[1])
                    : new SiteRow.Located(parts[0], parts[1], parts[2]));
        }
        return Collections.unmodifiableList(located);
    }

    private static List<String> firstFew(TreeSet<String> names) {
        List<String> few = new ArrayList<String>();
        for (String name : names) {
            if (few.size() == SiteRow.NAMES_SHOWN) {
                break;
            }
            few.add(name);
        }
        return few;
    }
}
