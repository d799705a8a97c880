package io.imdsagent.report;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * How values look in the human formats. Every string in an event comes from the fleet's applications and
 * must not be able to move a terminal's cursor or reorder text: control and bidirectional characters become
 * {@code ?}.
 */
final class Cells {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Cells() {
    }

    static String clean(String text) {
        StringBuilder clean = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean unsafe = c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= '\u202a' && c <= '\u202e')
                    || (c >= '\u2066' && c <= '\u2069') || c == '\u200e' || c == '\u200f';
            if (unsafe && clean == null) {
                clean = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (clean != null) {
                clean.append(unsafe ? '?' : c);
            }
        }
        return clean == null ? text : clean.toString();
    }

    static String number(long value) {
        return new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(value);
    }

    /** {@code 2024-05-06 07:08:09Z}; empty when unknown. */
    static String time(long millis) {
        return millis == EventLine.NO_TIME ? "" : TIME.format(Instant.ofEpochMilli(millis));
    }

    /** ISO-8601 for machines; null when unknown. */
    static String isoTime(long millis) {
        return millis == EventLine.NO_TIME ? null : Instant.ofEpochMilli(millis).toString();
    }

    /** {@code imdsv1-upgraded 1,200, imdsv1-blocked 34}: the kinds that happened. */
    static String decisions(SiteRow row) {
        StringBuilder text = new StringBuilder();
        for (int kind = 0; kind < row.decisions.length; kind++) {
            if (row.decisions[kind] > 0) {
                text.append(text.length() == 0 ? "" : ", ").append(row.section.kinds().get(kind)).append(' ')
                        .append(number(row.decisions[kind]));
            }
        }
        return text.toString();
    }

    /** {@code 812 (ip-1, ip-2, ...)}: a count and the first names. */
    static String counted(int count, List<String> names) {
        StringBuilder text = new StringBuilder(number(count)).append(" (");
        for (int i = 0; i < names.size(); i++) {
            text.append(i == 0 ? "" : ", ").append(names.get(i));
        }
        return text.append(count > names.size() ? ", ...)" : ")").toString();
    }

    static String located(List<SiteRow.Located> located) {
        StringBuilder text = new StringBuilder();
        for (SiteRow.Located one : located) {
            text.append(text.length() == 0 ? "" : "; ").append(one.describe());
        }
        return text.toString();
    }

    static String joined(List<String> values) {
        StringBuilder text = new StringBuilder();
        for (String value : values) {
            text.append(text.length() == 0 ? "" : "; ").append(value);
        }
        return text.toString();
    }
}
