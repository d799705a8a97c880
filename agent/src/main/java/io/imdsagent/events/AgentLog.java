package io.imdsagent.events;

import io.imdsagent.config.LogLevel;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The agent's own log: lines on stderr that begin {@code imds-agent: }, filtered by the {@code log}
 * option, every one scrubbed by the {@link Redactor}. Not java.util.logging: the agent must not
 * initialise the application's logging. Never throws into the caller.
 */
public final class AgentLog {
    private static final String PREFIX = "imds-agent: ";
    // enough to show a wrapped I/O error; guards against cause cycles
    private static final int MAX_CAUSES = 5;

    private final PrintStream out;
    private final LogLevel level;
    private final Redactor redactor;

    /** @param out {@code System.err} in production */
    public AgentLog(PrintStream out, LogLevel level, Redactor redactor) {
        this.out = out;
        this.level = level;
        this.redactor = redactor;
    }

    /** Whether messages at {@code messageLevel} are written; lets a caller skip building a costly message. */
    public boolean enabled(LogLevel messageLevel) {
        return level.enables(messageLevel);
    }

    public void error(String message) {
        write(LogLevel.ERROR, message, null);
    }

    public void error(String message, Throwable thrown) {
        write(LogLevel.ERROR, message, thrown);
    }

    public void warn(String message) {
        write(LogLevel.WARN, message, null);
    }

    public void warn(String message, Throwable thrown) {
        write(LogLevel.WARN, message, thrown);
    }

    public void info(String message) {
        write(LogLevel.INFO, message, null);
    }

    public void info(String message, Throwable thrown) {
        write(LogLevel.INFO, message, thrown);
    }

    public void debug(String message) {
        write(LogLevel.DEBUG, message, null);
    }

    public void debug(String message, Throwable thrown) {
        write(LogLevel.DEBUG, message, thrown);
    }

    private void write(LogLevel messageLevel, String message, Throwable thrown) {
        if (!enabled(messageLevel)) {
            return;
        }
        String text = tag(messageLevel) + message;
        if (thrown != null) {
            text += ": " + describe(thrown);
            if (enabled(LogLevel.DEBUG)) {
                StringWriter trace = new StringWriter();
                thrown.printStackTrace(new PrintWriter(trace));
                text += System.lineSeparator() + trace;
            }
        }
        // Every line gets the prefix, so a message cannot forge a line that seems to come from elsewhere.
        StringBuilder lines = new StringBuilder();
        for (String line : redactor.scrub(text).split("\r\n|\r|\n")) {
            lines.append(PREFIX).append(line).append(System.lineSeparator());
        }
        try {
            out.print(lines.toString());
            out.flush();
        } catch (RuntimeException ignored) {
            // A broken stderr must not break the application's call that is being logged.
        }
    }

    private static String tag(LogLevel messageLevel) {
        switch (messageLevel) {
            case ERROR:
                return "error: ";
            case WARN:
                return "warning: ";
            case DEBUG:
                return "debug: ";
            default:
                return "";
        }
    }

    /** Class and message of the throwable and of its causes, on one line. */
    private static String describe(Throwable thrown) {
        StringBuilder description = new StringBuilder(oneThrowable(thrown));
        Throwable cause = thrown.getCause();
        for (int i = 0; cause != null && i < MAX_CAUSES; i++) {
            description.append("; caused by ").append(oneThrowable(cause));
            cause = cause.getCause();
        }
        return description.toString();
    }

    private static String oneThrowable(Throwable thrown) {
        String message = thrown.getMessage();
        return message == null ? thrown.getClass().getName() : thrown.getClass().getName() + ": " + message;
    }
}
