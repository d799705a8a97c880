package io.imdsagent.report;

import java.util.List;

/** One row of the report: a call site, what was decided there and how often, where, when, and what to do. */
final class SiteRow {
    /** How many host and app names a row shows beside their count. */
    static final int NAMES_SHOWN = 5;

    /** A frame or jar, the jar that holds it and that jar's version; any part may be empty. */
    static final class Located {
        final String frame;
        final String jar;
        final String version;

        Located(String frame, String jar, String version) {
            this.frame = frame;
            this.jar = jar;
            this.version = version;
        }

        /** {@code jar (version)}, or {@code frame in jar (version)}. */
        String describe() {
            String where = jar.isEmpty() ? "" : version.isEmpty() ? jar : jar + " (" + version + ")";
            if (frame == null) {
                return where;
            }
            return where.isEmpty() ? frame : frame + " in " + where;
        }
    }

    final Section section;
    /** Null when the agent could not tell. */
    final String caller;
    final List<Located> jars;
    final List<Located> vias;
    final List<String> clients;
    final List<String> requests;
    final List<String> roles;
    /** Per kind of the section, in its order. */
    final long[] decisions;
    final long total;
    final int jvms;
    final int hosts;
    final List<String> hostNames;
    final int apps;
    final List<String> appNames;
    final long first;
    final long last;
    final Timeline timeline;
    final String fix;

    SiteRow(Section section, String caller, List<Located> jars, List<Located> vias, List<String> clients,
            List<String> requests, List<String> roles, long[] decisions, int jvms, int hosts, List<String> hostNames,
            int apps, List<String> appNames, long first, long last, Timeline timeline) {
        this.section = section;
        this.caller = caller;
        this.jars = jars;
        this.vias = vias;
        this.clients = clients;
        this.requests = requests;
        this.roles = roles;
        this.decisions = decisions;
        long sum = 0;
        for (long count : decisions) {
            sum += count;
        }
        this.total = sum;
        this.jvms = jvms;
        this.hosts = hosts;
        this.hostNames = hostNames;
        this.apps = apps;
        this.appNames = appNames;
        this.first = first;
        this.last = last;
        this.timeline = timeline;
        this.fix = Remedy.forRow(this);
    }

    String callerOrUnknown() {
        return caller == null ? "(caller unknown)" : caller;
    }
}
