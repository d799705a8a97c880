package io.imdsagent.events;

import java.io.File;
import java.io.PrintStream;
import java.time.Clock;

/**
 * Where events go. Implementations never throw into the caller: events are reported from inside the
 * application's own calls. A sink may wrap another (to filter or de-duplicate) before the one that writes.
 */
public interface EventSink {

    /** Drops every event: {@code events=off}. */
    EventSink OFF = new EventSink() {
        @Override
        public void emit(Event event) {
        }
    };

    void emit(Event event);

    /**
     * The sink the {@code events} option asks for: {@code off}, {@code stderr}, or a file that JSON lines are
     * appended to (opened on the first event, so start-up touches no file).
     *
     * @param stderr {@code System.err} in production
     * @param log where a file that cannot be opened or written is reported, once
     */
    static EventSink forOption(String events, PrintStream stderr, Redactor redactor, AgentLog log, Clock clock) {
        if (events.equals("off")) {
            return OFF;
        }
        if (events.equals("stderr")) {
            return JsonLinesEventSink.toStream(stderr, redactor, log, clock);
        }
        return JsonLinesEventSink.appendingTo(new File(events), redactor, log, clock);
    }
}
