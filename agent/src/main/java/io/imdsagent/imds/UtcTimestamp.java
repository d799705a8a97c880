package io.imdsagent.imds;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * The UTC times IMDS and the agent's own events write, {@code 2017-05-17T15:09:54Z} and, with milliseconds,
 * {@code 2017-05-17T15:09:54.123Z}, read without java.time's formatter: its first use costs a fresh JVM some 20 ms,
 * which an application's first credentials should not wait for. Any other form is left to java.time.
 */
public final class UtcTimestamp {
    /** What {@link #plainMillis} answers for any other form, or for no valid time: ask java.time. */
    public static final long NOT_PLAIN = Long.MIN_VALUE;

    private UtcTimestamp() {
    }

    /** @return milliseconds since the epoch, or {@link #NOT_PLAIN} */
    public static long plainMillis(String text) {
        int length = text.length();
        if ((length != 20 && length != 24) || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':'
                || text.charAt(length - 1) != 'Z' || (length == 24 && text.charAt(19) != '.')) {
            return NOT_PLAIN;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int millis = length == 24 ? digits(text, 20, 23) : 0;
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59 || millis < 0) {
            return NOT_PLAIN;
        }
        long days;
        try {
            days = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException noSuchDay) {
            return NOT_PLAIN;
        }
        return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1000L + millis;
    }

    /** The number in {@code text[from, to)}; -1 when a character is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
