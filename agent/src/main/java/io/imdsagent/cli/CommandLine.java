package io.imdsagent.cli;

import io.imdsagent.config.AgentConfig;
import io.imdsagent.config.ConfigException;
import io.imdsagent.events.Redactor;
import io.imdsagent.imds.ImdsCore;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import net.bytebuddy.agent.ByteBuddyAgent;

/** {@code java -jar imds-agent.jar [check|attach|report|version] ...}: usage and the commands. */
public final class CommandLine {
    static final String USAGE = String.join("\n",
            AgentVersion.line(),
            "Moves JVM applications to IMDSv2 without code changes.",
            "",
            "Usage:",
            "  java -javaagent:imds-agent.jar[=OPTIONS] ...   attach at start (or via JAVA_TOOL_OPTIONS)",
            "  java -jar imds-agent.jar check [OPTIONS]       probe IMDS as the agent would; exit 0 healthy, 1 not",
            "  java -jar imds-agent.jar attach PID [OPTIONS]  attach to a running JVM",
            "  java -jar imds-agent.jar report [--format text|markdown|csv|json|html] [--out FILE] PATH...",
            "                                                 what to fix before IMDSv2 can be required, from event",
            "                                                 files (plain or gzip; directories; - for stdin);",
            "                                                 exit 0 none, 2 IMDSv1 call sites found, 1 error",
            "  java -jar imds-agent.jar version               print the agent's version",
            "",
            "OPTIONS: key=value pairs separated by commas, e.g. imdsv1=block,events=/var/log/imds-agent.jsonl",
            "  endpoint=URL                  IMDS base URL (default http://169.254.169.254)",
            "  imdsv1=upgrade|block|allow    token-less IMDS calls by the application (default upgrade)",
            "  self-assume=block|short-circuit|allow   sts:AssumeRole of the instance's own role (default block)",
            "  token-ttl=SECONDS             IMDSv2 token lifetime, 1..21600 (default 21600)",
            "  refresh-ahead=DURATION        refresh credentials this long before they expire (default 15m)",
            "  timeout=DURATION              one IMDS request (default 1s)",
            "  attempts=N                    tries of one IMDS request, 1..10 (default 3)",
            "  events=stderr|off|PATH        JSON-lines events (default off)",
            "  log=off|error|warn|info|debug the agent's own stderr log (default info)",
            "The same keys are read from system properties imds.agent.KEY and environment IMDS_AGENT_KEY.");

    private CommandLine() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || "help".equals(args[0]) || "--help".equals(args[0]) || "-h".equals(args[0])) {
            out.println(USAGE);
            return 0;
        }
        if ("version".equals(args[0]) && args.length == 1) {
            out.println(AgentVersion.line());
            return 0;
        }
        if ("report".equals(args[0])) {
            return ReportCommand.run(Arrays.copyOfRange(args, 1, args.length), System.in, out, err);
        }
        try {
            if ("check".equals(args[0]) && args.length <= 2) {
                AgentConfig config = AgentConfig.loadFromSystem(args.length == 2 ? args[1] : null);
                ImdsCore core = ImdsCore.create(config, new Redactor());
                return new CheckCommand(config, core.profile(), core.plainTransport(), Clock.systemUTC(), out).run();
            }
            if ("attach".equals(args[0]) && (args.length == 2 || args.length == 3)) {
                return attach(args[1], args.length == 3 ? args[2] : "", err, out);
            }
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 1;
        }
        err.println("imds-agent: unknown command '" + String.join(" ", args) + "'; run with no argument for usage.");
        return 2;
    }

    private static int attach(String pid, String options, PrintStream err, PrintStream out) throws ConfigException {
        if (!pid.matches("[0-9]+")) {
            err.println("imds-agent: attach needs a process id, got '" + pid + "'; find it with jps.");
            return 2;
        }
        // Check the options here, where a mistake can be shown, not inside the target JVM; with the target's
        // environment where this machine shows it (Linux), so that a bad IMDS_AGENT_* there is named here too.
        // Its system properties are seen only inside it: a bad one there fails the attach below.
        try {
            AgentConfig.load(options, Collections.<String, String>emptyMap(), environmentOf(pid));
        } catch (ConfigException e) {
            err.println("imds-agent: not attached to process " + pid + ": "
                    + e.getMessage().substring("imds-agent: ".length()));
            return 1;
        }
        File agentJar;
        try {
            agentJar = new File(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            err.println("imds-agent: cannot locate the agent jar to attach: " + e);
            return 1;
        }
        try {
            ByteBuddyAgent.attach(agentJar, pid, options);
        } catch (RuntimeException e) {
            if (agentFailedToStart(e)) {
                err.println("imds-agent: the agent did not start in process " + pid + ": its options there (these,"
                        + " with that JVM's imds.agent.* system properties and IMDS_AGENT_* environment) are refused,"
                        + " or differ from those of the agent already running there. That process's stderr has the"
                        + " imds-agent: line that says which; fix it and attach again.");
                return 1;
            }
            err.println("imds-agent: could not attach to process " + pid + ": " + e.getMessage()
                    + ". Run as the same user as the target JVM, with a JDK (not a JRE).");
            return 1;
        }
        out.println("imds-agent: attached to process " + pid);
        return 0;
    }

    /** The environment of process {@code pid} as {@code /proc} shows it; empty where it cannot be read. */
    static Map<String, String> environmentOf(String pid) {
        Map<String, String> environment = new HashMap<String, String>();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(Paths.get("/proc", pid, "environ"));
        } catch (IOException | RuntimeException unreadable) {
            return environment;
        }
        for (String entry : new String(bytes, StandardCharsets.UTF_8).split("\0")) {
            int equals = entry.indexOf('=');
            if (equals > 0) {
                environment.put(entry.substring(0, equals), entry.substring(equals + 1));
            }
        }
        return environment;
    }

    /**
     * Whether the target JVM loaded the agent and its {@code agentmain} threw (a refused option): the attach API
     * then throws {@code com.sun.tools.attach.AgentInitializationException}, which Byte Buddy wraps.
     */
    static boolean agentFailedToStart(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getClass().getName().equals("com.sun.tools.attach.AgentInitializationException")) {
                return true;
            }
        }
        return false;
    }
}
