package io.imdsagent;

import io.imdsagent.cli.CommandLine;
import io.imdsagent.config.AgentConfig;
import io.imdsagent.config.ConfigException;
import io.imdsagent.config.LogLevel;
import io.imdsagent.install.JdkTools;
import java.lang.instrument.Instrumentation;

/**
 * The jar's entry points. {@code premain} and {@code agentmain} are trampolines: read the options,
 * register the class-load filter, return. They send no IMDS request and touch no java.util.logging, java.nio.file or JMX,
 * which would break application servers that set those up themselves after the agent.
 */
public final class ImdsAgent {
    // The options of the agent that started first in this JVM. Every -javaagent and attach of the jar runs
    // this class as the system class loader loaded it once, so a later one sees it. Guarded by ImdsAgent.class.
    private static AgentConfig running;

    private ImdsAgent() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        if (JdkTools.isJdkTool(System.getProperty("sun.java.command"))) {
            return;
        }
        start(arguments, instrumentation, true);
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, false);
    }

    public static void main(String[] args) {
        System.exit(CommandLine.run(args, System.out, System.err));
    }

    private static void start(String arguments, Instrumentation instrumentation, boolean atLaunch) {
        AgentConfig config;
        try {
            config = AgentConfig.loadFromSystem(arguments);
            synchronized (ImdsAgent.class) {
                if (running != null) {
                    running.checkLaterAgent(arguments, config);
                    if (running.log().enables(LogLevel.INFO)) {
                        System.err.println("imds-agent: already attached to this JVM with these options; the later"
                                + " agent changes nothing");
                    }
                    return;
                }
                running = config;
            }
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            if (atLaunch) {
                // Fail closed: a security control silently off is worse than none.
                System.exit(1);
            }
            // The application runs on; the attach fails, so that the attaching command reports it.
            throw new IllegalStateException(e.getMessage());
        }
        try {
            // A second attach finds the runtime started and does nothing.
            AgentRuntime.start(config, instrumentation, atLaunch);
        } catch (Throwable e) {
            // The agent must never take the application down with it.
            System.err.println("imds-agent: could not start (" + e + "); the application runs without imds-agent");
        }
    }
}
