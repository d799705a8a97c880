package io.imdsagent.config;

/** Writes a duration the way a user would type it back as an option value. */
final class Durations {
    private Durations() {
    }

    static String format(long millis) {
        if (millis % 3600000L == 0) {
            return millis / 3600000L + "h";
        }
        if (millis % 60000L == 0) {
            return millis / 60000L + "m";
        }
        if (millis % 1000L == 0) {
            return millis / 1000L + "s";
        }
        return millis + "ms";
    }
}
