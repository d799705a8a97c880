package io.imdsagent.report;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** For an issue, a wiki page or a pull request: the summary, then one table per section. */
final class MarkdownReport implements Format.Renderer {

    @Override
    public void write(FleetReport report, Writer out) throws IOException {
        out.append("# ").append(Summary.title()).append("\n\n");
        out.append(escape(Summary.byline(report))).append("  \n");
        for (String line : Summary.lines(report)) {
            out.append(escape(line)).append("  \n");
        }
        out.append('\n').append("**").append(escape(Summary.verdict(report))).append("**\n");
        for (Section section : Section.values()) {
            List<SiteRow> rows = report.rows(section);
            out.append("\n## ").append(escape(Summary.heading(section, rows.size()))).append("\n\n");
            if (rows.isEmpty()) {
                continue;
            }
            String where = section == Section.SELF_ASSUME ? "Role" : "Via";
            out.append("| Caller | Jar | ").append(where)
                    .append(" | Decisions | Hosts | Apps | First seen | Last seen | What to do |\n");
            out.append("|---|---|---|---|---|---|---|---|---|\n");
            for (SiteRow row : rows) {
                out.append("| ").append(code(row.callerOrUnknown()))
                        .append(" | ").append(escape(Cells.located(row.jars)))
                        .append(" | ").append(escape(section == Section.SELF_ASSUME ? Cells.joined(row.roles)
                                : Cells.located(row.vias)))
                        .append(" | ").append(Cells.number(row.total)).append(": ").append(escape(Cells.decisions(row)))
                        .append(" | ").append(escape(Cells.counted(row.hosts, row.hostNames)))
                        .append(" | ").append(escape(Cells.counted(row.apps, row.appNames)))
                        .append(" | ").append(Cells.time(row.first))
                        .append(" | ").append(Cells.time(row.last))
                        .append(" | ").append(escape(row.fix)).append(" |\n");
            }
        }
    }

    /** In a code span; a backtick in the value would end it, a pipe would end the cell. */
    private static String code(String value) {
        return "`" + Cells.clean(value).replace('`', '\'').replace("|", "\\|") + "`";
    }

    /** Markdown's own characters, and HTML, shown as themselves. */
    static String escape(String value) {
        StringBuilder escaped = new StringBuilder();
        for (char c : Cells.clean(value).toCharArray()) {
            if ("\\`*_[]<>|~".indexOf(c) >= 0) {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
