package io.imdsagent.config;

/** How much the agent writes to stderr (option {@code log}); each level includes the ones before it. */
public enum LogLevel {
    OFF, ERROR, WARN, INFO, DEBUG;

    /** Whether a message at {@code messageLevel} is written when this is the configured level. */
    public boolean enables(LogLevel messageLevel) {
        return messageLevel != OFF && messageLevel.ordinal() <= ordinal();
    }
}
