package io.imdsagent.report;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/** For a terminal: a summary, then each section's call sites as blocks of labelled lines. */
final class TextReport implements Format.Renderer {
    /** Values shown per label (jars, vias...) before "and N more". */
    static final int SHOWN = 3;

    @Override
    public void write(FleetReport report, Writer out) throws IOException {
        out.append(Summary.title()).append(" (").append(Cells.clean(Summary.byline(report))).append(")\n");
        for (String line : Summary.lines(report)) {
            out.append(Cells.clean(line)).append('\n');
        }
        for (Section section : Section.values()) {
            List<SiteRow> rows = report.rows(section);
            out.append('\n').append(Summary.heading(section, rows.size())).append('\n');
            int number = 0;
            for (SiteRow row : rows) {
                number++;
                out.append('\n').append(String.format("%3d. ", number)).append(Cells.clean(row.callerOrUnknown()))
                        .append('\n');
                field(out, "jar", describe(row.jars));
                field(out, "via", describe(row.vias));
                field(out, "client", firstFew(row.clients));
                field(out, "requests", firstFew(row.requests));
                field(out, "roles", firstFew(row.roles));
                field(out, "decisions", Cells.number(row.total) + ": " + Cells.decisions(row));
                field(out, "hosts", Cells.counted(row.hosts, row.hostNames));
                field(out, "apps", Cells.counted(row.apps, row.appNames));
                field(out, "seen", Cells.time(row.first) + " to " + Cells.time(row.last));
                field(out, "fix", row.fix);
            }
        }
        out.append('\n').append(Summary.verdict(report)).append('\n');
    }

    private static void field(Appendable out, String label, String value) throws IOException {
        if (!value.isEmpty()) {
            out.append("     ").append(label);
            for (int i = label.length(); i < 11; i++) {
                out.append(' ');
            }
            out.append(Cells.clean(value)).append('\n');
        }
    }

    private static String describe(List<SiteRow.Located> located) {
        List<String> described = new ArrayList<String>();
        for (SiteRow.Located one : located) {
            described.add(one.describe());
        }
        return firstFew(described);
    }

    private static String firstFew(List<String> values) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(SHOWN, values.size()); i++) {
            text.append(i == 0 ? "" : "; ").append(values.get(i));
        }
        if (values.size() > SHOWN) {
            text.append("; and ").append(values.size() - SHOWN).append(" more");
        }
        return text.toString();
    }
}
