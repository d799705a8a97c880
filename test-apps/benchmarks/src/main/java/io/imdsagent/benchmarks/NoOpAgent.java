package io.imdsagent.benchmarks;

import java.lang.instrument.Instrumentation;

/**
 * A Java agent that does nothing: the control that tells what attaching any agent costs (the JVM's agent
 * machinery) from what imds-agent's own hooks cost.
 */
public final class NoOpAgent {
    private NoOpAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
    }
}
