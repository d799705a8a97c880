package io.imdsagent.report;

import java.util.List;
import java.util.Map;

/** The whole report, ready to be written in any format. */
final class FleetReport {
    final Map<Section, List<SiteRow>> rows;
    /** Lines per event name, every name (including those no section shows). */
    final Map<String, Long> eventNames;
    final ReadStats read;
    final long events;
    final int jvms;
    final int hosts;
    final long first;
    final long last;
    final long generated;
    /** What made the report: {@code imds-agent 0.1.0}. */
    final String producer;

    FleetReport(Map<Section, List<SiteRow>> rows, Map<String, Long> eventNames, ReadStats read, long events,
                int jvms, int hosts, long first, long last, long generated, String producer) {
        this.producer = producer;
        this.rows = rows;
        this.eventNames = eventNames;
        this.read = read;
        this.events = events;
        this.jvms = jvms;
        this.hosts = hosts;
        this.first = first;
        this.last = last;
        this.generated = generated;
    }

    List<SiteRow> rows(Section section) {
        return rows.get(section);
    }

    /** Whether some call site still makes IMDSv1 calls: what must be fixed before IMDSv2 can be required. */
    boolean needsFixing() {
        return !rows.get(Section.IMDSV1).isEmpty();
    }
}
