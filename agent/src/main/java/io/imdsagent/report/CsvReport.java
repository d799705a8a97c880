package io.imdsagent.report;

import java.io.IOException;
import java.io.Writer;

/**
 * For a spreadsheet: one row per call site of every section (RFC 4180). A value a spreadsheet would run as a
 * formula (it begins with {@code = + - @}) is prefixed with {@code '}.
 */
final class CsvReport implements Format.Renderer {
    static final String HEADER = "section,caller,jars,vias,clients,roles,decisions,by_kind,jvms,hosts,host_examples,"
            + "apps,app_examples,first_seen,last_seen,what_to_do";

    @Override
    public void write(FleetReport report, Writer out) throws IOException {
        out.append(HEADER).append("\r\n");
        for (Section section : Section.values()) {
            for (SiteRow row : report.rows(section)) {
                out.append(section.key());
                cell(out, row.caller == null ? "" : row.caller);
                cell(out, Cells.located(row.jars));
                cell(out, Cells.located(row.vias));
                cell(out, Cells.joined(row.clients));
                cell(out, Cells.joined(row.roles));
                out.append(',').append(Long.toString(row.total));
                StringBuilder byKind = new StringBuilder();
                for (int kind = 0; kind < row.decisions.length; kind++) {
                    byKind.append(kind == 0 ? "" : " ").append(section.kinds().get(kind)).append('=')
                            .append(row.decisions[kind]);
                }
                cell(out, byKind.toString());
                out.append(',').append(Integer.toString(row.jvms)).append(',').append(Integer.toString(row.hosts));
                cell(out, Cells.joined(row.hostNames));
                out.append(',').append(Integer.toString(row.apps));
                cell(out, Cells.joined(row.appNames));
                cell(out, row.first == EventLine.NO_TIME ? "" : Cells.isoTime(row.first));
                cell(out, row.last == EventLine.NO_TIME ? "" : Cells.isoTime(row.last));
                cell(out, row.fix);
                out.append("\r\n");
            }
        }
    }

    private static void cell(Appendable out, String value) throws IOException {
        out.append(',');
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.indexOf(',') < 0 && safe.indexOf('"') < 0 && safe.indexOf('\n') < 0 && safe.indexOf('\r') < 0) {
            out.append(safe);
            return;
        }
        out.append('"').append(safe.replace("\"", "\"\"")).append('"');
    }
}
