package io.imdsagent.adapters;

import io.imdsagent.config.LogLevel;
import io.imdsagent.events.AgentLog;
import io.imdsagent.events.Redactor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** An agent log at debug level whose lines the test can read. */
public final class CapturedLog {
    private final ByteArrayOutputStream lines = new ByteArrayOutputStream();
    private final AgentLog log = new AgentLog(new PrintStream(lines, true, StandardCharsets.UTF_8), LogLevel.DEBUG,
            new Redactor());

    public AgentLog log() {
        return log;
    }

    public String text() {
        return lines.toString(StandardCharsets.UTF_8);
    }
}
