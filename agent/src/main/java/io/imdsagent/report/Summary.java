package io.imdsagent.report;

import java.util.ArrayList;
import java.util.List;

/** The sentences every human format opens and closes with. */
final class Summary {
    private Summary() {
    }

    static String title() {
        return "IMDSv2 readiness report";
    }

    /** Who made the report and when: {@code imds-agent 0.1.0, 2026-12-01 21:01:29Z}. */
    static String byline(FleetReport report) {
        return report.producer + ", " + Cells.time(report.generated);
    }

    /** What was read, from how many JVMs and hosts, over what time. */
    static List<String> lines(FleetReport report) {
        List<String> lines = new ArrayList<String>();
        lines.add("Read " + Cells.number(report.read.lines) + " lines from " + Cells.number(report.read.sources)
                + (report.read.sources == 1 ? " source: " : " sources: ") + Cells.number(report.events)
                + " events from " + Cells.number(report.jvms) + (report.jvms == 1 ? " JVM on " : " JVMs on ")
                + Cells.number(report.hosts) + (report.hosts == 1 ? " host" : " hosts")
                + (report.first == EventLine.NO_TIME ? "" : ", " + Cells.time(report.first) + " to "
                + Cells.time(report.last)) + ".");
        if (report.read.skipped > 0) {
            lines.add(Cells.number(report.read.skipped) + (report.read.skipped == 1
                    ? " line was not an event and was skipped." : " lines were not events and were skipped."));
        }
        return lines;
    }

    static String heading(Section section, int sites) {
        if (sites == 0) {
            return section.title() + ": none";
        }
        return section.title() + ": " + Cells.number(sites)
                + (section == Section.IMDSV1 ? " (fix these before requiring IMDSv2)" : "");
    }

    static String verdict(FleetReport report) {
        int sites = report.rows(Section.IMDSV1).size();
        if (sites == 0) {
            return "No IMDSv1 call site in these events: as far as they tell, IMDSv2 can be required.";
        }
        return Cells.number(sites) + " IMDSv1 call site" + (sites == 1 ? "" : "s")
                + " to fix before IMDSv2 can be required.";
    }
}
