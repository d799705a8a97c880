package io.imdsagent.report;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * One self-contained page: inline CSS, an inline SVG chart of the IMDSv1 calls over time per call site, and a
 * table per section. It loads nothing (no script, font or image; its Content-Security-Policy forbids any
 * fetch), so it can be mailed, attached to a ticket or opened offline. Every value is HTML-escaped: event
 * fields come from the fleet's applications.
 */
final class HtmlReport implements Format.Renderer {
    /** Call sites drawn in the chart: the busiest; the rest are in the table. */
    static final int CHARTED = 8;
    static final int BINS = 48;
    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";
    // Okabe-Ito: told apart with every common colour-vision deficiency
    private static final String[] COLOURS = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
        "#000000", "#F0E442"};
    private static final int WIDTH = 960;
    private static final int HEIGHT = 300;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 16;
    private static final int BOTTOM = 44;
    private static final DateTimeFormatter AXIS_TIME =
            DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final String STYLE = String.join("\n",
            "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;color:#1f2328;",
            "margin:0;background:#f6f8fa}",
            "main{max-width:1200px;margin:0 auto;padding:24px 32px 48px}",
            "h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 8px}",
            ".meta{color:#59636e;margin:0 0 12px}",
            ".verdict{padding:10px 14px;border-radius:6px;font-weight:600;margin:12px 0}",
            ".bad{background:#ffebe9;border:1px solid #ff8182;color:#82071e}",
            ".good{background:#dafbe1;border:1px solid #4ac26b;color:#0a3622}",
            ".card{background:#fff;border:1px solid #d1d9e0;border-radius:6px;padding:16px}",
            "table{border-collapse:collapse;width:100%;table-layout:fixed;background:#fff;border:1px solid #d1d9e0}",
            "col.c-n{width:36px}col.c-site{width:40%}col.c-count{width:11%}col.c-where{width:16%}col.c-seen{width:11%}",
            "th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid #d1d9e0}",
            "th{background:#f6f8fa;font-weight:600;white-space:nowrap}",
            "td.n{text-align:right}td.t{font-size:12px}",
            "code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,'DejaVu Sans Mono',monospace;overflow-wrap:anywhere}",
            "code.caller{font-size:13px;font-weight:600;color:#0550ae}",
            "td{overflow-wrap:anywhere}",
            ".small{font-size:12px;color:#59636e}",
            ".key{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px}",
            "ol.legend{margin:8px 0 0;padding-left:20px;columns:2;font-size:12px}",
            "svg text{font:11px system-ui,sans-serif;fill:#59636e}");

    @Override
    public void write(FleetReport report, Writer out) throws IOException {
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CSP).append("\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(Summary.title()).append("</title>\n<style>\n").append(STYLE)
                .append("\n</style>\n</head>\n<body>\n<main>\n<h1>").append(Summary.title()).append("</h1>\n");
        out.append("<p class=\"meta\">").append(escape(Summary.byline(report))).append("<br>\n");
        for (String line : Summary.lines(report)) {
            out.append(escape(line)).append("<br>\n");
        }
        out.append("</p>\n");
        out.append("<p class=\"verdict ").append(report.needsFixing() ? "bad" : "good").append("\">")
                .append(escape(Summary.verdict(report))).append("</p>\n");
        chart(report.rows(Section.IMDSV1), out);
        for (Section section : Section.values()) {
            table(section, report.rows(section), out);
        }
        out.append("</main>\n</body>\n</html>\n");
    }

    private static void chart(List<SiteRow> rows, Writer out) throws IOException {
        out.append("<h2>IMDSv1 calls over time</h2>\n<div class=\"card\">\n");
        int charted = Math.min(CHARTED, rows.size());
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        long bucket = 60_000;
        for (SiteRow row : rows.subList(0, charted)) {
            if (row.first != EventLine.NO_TIME) {
                from = Math.min(from, row.first);
                to = Math.max(to, row.last);
                bucket = Math.max(bucket, row.timeline.bucketMillis());
            }
        }
        if (from == Long.MAX_VALUE) {
            out.append("<p class=\"small\">No IMDSv1 calls with a time to chart.</p>\n</div>\n");
            return;
        }
        long binMillis = binWidth(Math.max(bucket, (to - from) / BINS + 1));
        from = Math.floorDiv(from, binMillis) * binMillis;
        int bins = (int) ((to - from) / binMillis + 1);
        long[][] series = new long[charted][];
        long max = 1;
        for (int i = 0; i < charted; i++) {
            series[i] = rows.get(i).timeline.binned(from, binMillis, bins);
            for (long value : series[i]) {
                max = Math.max(max, value);
            }
        }
        long step = niceCeiling((max + 4) / 5);
        int gridLines = (int) ((max + step - 1) / step);
        long top = step * gridLines;
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        out.append("<svg viewBox=\"0 0 ").append(Integer.toString(WIDTH))
                .append(' ').append(Integer.toString(HEIGHT)).append("\" width=\"100%\" role=\"img\" aria-label=\"")
                .append("IMDSv1 calls per ").append(duration(binMillis)).append(" per call site\">\n");
        for (int line = 0; line <= gridLines; line++) {
            double y = TOP + plotHeight - plotHeight * line / (double) gridLines;
            out.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>%n",
                    LEFT, WIDTH - RIGHT, y, y, line == 0 ? "#8c959f" : "#eaeef2"));
            out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    LEFT - 8, y + 4, Cells.number(step * line)));
        }
        int ticks = Math.min(bins, 6);
        for (int tick = 0; tick < ticks; tick++) {
            int bin = ticks == 1 ? 0 : (int) Math.round((bins - 1) * tick / (double) (ticks - 1));
            String anchor = ticks == 1 ? "middle" : tick == 0 ? "start" : tick == ticks - 1 ? "end" : "middle";
            out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">%s</text>%n",
                    x(bin, bins, plotWidth), HEIGHT - BOTTOM + 18, anchor, AXIS_TIME.format(Instant.ofEpochMilli(from
                            + bin * binMillis))));
        }
        out.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">calls per %s (UTC)</text>%n", LEFT,
                HEIGHT - 6, duration(binMillis)));
        for (int i = charted - 1; i >= 0; i--) {
            StringBuilder points = new StringBuilder();
            for (int bin = 0; bin < bins; bin++) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(bin, bins, plotWidth),
                        TOP + plotHeight - plotHeight * (double) series[i][bin] / top));
            }
            String colour = COLOURS[i % COLOURS.length];
            out.append("<polyline fill=\"none\" stroke-width=\"2\" stroke-linejoin=\"round\" stroke=\"").append(colour)
                    .append("\" points=\"").append(points.toString().trim()).append("\">")
                    .append("<title>").append(escape((i + 1) + ". " + rows.get(i).callerOrUnknown())).append("</title>")
                    .append("</polyline>\n");
            if (bins == 1) {
                out.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\"/>%n",
                        x(0, bins, plotWidth), TOP + plotHeight - plotHeight * (double) series[i][0] / top, colour));
            }
        }
        out.append("</svg>\n<ol class=\"legend\">\n");
        for (int i = 0; i < charted; i++) {
            out.append("<li><span class=\"key\" style=\"background:").append(COLOURS[i % COLOURS.length])
                    .append("\"></span><code>").append(escape(rows.get(i).callerOrUnknown())).append("</code></li>\n");
        }
        out.append("</ol>\n");
        if (rows.size() > charted) {
            out.append("<p class=\"small\">The ").append(Integer.toString(charted))
                    .append(" busiest call sites are charted; every one is in the table below.</p>\n");
        }
        out.append("</div>\n");
    }

    private static double x(int bin, int bins, int plotWidth) {
        return bins == 1 ? LEFT + plotWidth / 2.0 : LEFT + plotWidth * bin / (double) (bins - 1);
    }

    /** The shortest of the usual widths (a minute to a week) that is at least {@code millis}. */
    static long binWidth(long millis) {
        long minute = 60_000;
        long[] widths = {minute, 5 * minute, 10 * minute, 15 * minute, 30 * minute, 60 * minute, 120 * minute,
            180 * minute, 360 * minute, 720 * minute, 1440 * minute, 2880 * minute, 10080 * minute};
        for (long width : widths) {
            if (width >= millis) {
                return width;
            }
        }
        return (millis + widths[widths.length - 1] - 1) / widths[widths.length - 1] * widths[widths.length - 1];
    }

    /** 1, 2 or 5 times a power of ten, at least {@code value}: round numbers on the axis. */
    static long niceCeiling(long value) {
        long power = 1;
        while (true) {
            for (long step : new long[] {1, 2, 5}) {
                if (step * power >= value) {
                    return step * power;
                }
            }
            power *= 10;
        }
    }

    static String duration(long millis) {
        if (millis % 86_400_000L == 0) {
            return plural(millis / 86_400_000L, "day");
        }
        if (millis % 3_600_000L == 0) {
            return plural(millis / 3_600_000L, "hour");
        }
        return plural(millis / 60_000L, "minute");
    }

    private static String plural(long count, String unit) {
        return count == 1 ? unit : count + " " + unit + "s";
    }

    private static void table(Section section, List<SiteRow> rows, Writer out) throws IOException {
        out.append("<h2>").append(escape(Summary.heading(section, rows.size()))).append("</h2>\n");
        if (rows.isEmpty()) {
            return;
        }
        out.append("<table>\n<colgroup><col class=\"c-n\"><col class=\"c-site\"><col class=\"c-count\">")
                .append("<col class=\"c-where\"><col class=\"c-seen\"><col class=\"c-fix\"></colgroup>\n")
                .append("<thead><tr><th>#</th><th>Call site</th><th>Decisions</th><th>Where</th><th>Seen (UTC)</th>")
                .append("<th>What to do</th></tr></thead>\n<tbody>\n");
        int number = 0;
        for (SiteRow row : rows) {
            number++;
            out.append("<tr><td class=\"n\">").append(Integer.toString(number)).append("</td><td><code class=\"caller\">")
                    .append(escape(row.callerOrUnknown())).append("</code>");
            detail(out, "jar", Cells.located(row.jars));
            detail(out, "via", Cells.located(row.vias));
            detail(out, "role", Cells.joined(row.roles));
            detail(out, "client", Cells.joined(row.clients));
            out.append("</td><td class=\"n\"><b>").append(Cells.number(row.total)).append("</b>");
            for (int kind = 0; kind < row.decisions.length; kind++) {
                if (row.decisions[kind] > 0) {
                    out.append("<div class=\"small\">").append(escape(row.section.kinds().get(kind))).append(' ')
                            .append(Cells.number(row.decisions[kind])).append("</div>");
                }
            }
            out.append("</td><td>").append(Cells.number(row.hosts)).append(row.hosts == 1 ? " host" : " hosts")
                    .append("<div class=\"small\">").append(escape(names(row.hostNames, row.hosts))).append("</div>")
                    .append(Cells.number(row.apps)).append(row.apps == 1 ? " app" : " apps")
                    .append("<div class=\"small\">").append(escape(names(row.appNames, row.apps))).append("</div>")
                    .append("</td><td class=\"t\">").append(Cells.time(row.first)).append("<br>to<br>")
                    .append(Cells.time(row.last)).append("</td><td>").append(escape(row.fix)).append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n");
    }

    private static void detail(Writer out, String label, String value) throws IOException {
        if (!value.isEmpty()) {
            out.append("<div class=\"small\">").append(label).append(": <code>").append(escape(value))
                    .append("</code></div>");
        }
    }

    private static String names(List<String> names, int count) {
        StringBuilder text = new StringBuilder();
        for (String name : names) {
            text.append(text.length() == 0 ? "" : ", ").append(name);
        }
        return count > names.size() ? text.append(", ...").toString() : text.toString();
    }

    static String escape(String value) {
        StringBuilder escaped = new StringBuilder(value.length() + 16);
        for (char c : Cells.clean(value).toCharArray()) {
            switch (c) {
                case '&':
                    escaped.append("&amp;");
                    break;
                case '<':
                    escaped.append("&lt;");
                    break;
                case '>':
                    escaped.append("&gt;");
                    break;
                case '"':
                    escaped.append("&quot;");
                    break;
                case '\'':
                    escaped.append("&#39;");
                    break;
                default:
                    escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
