package io.imdsagent.events;

import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Which JVM an event comes from, so that events of a fleet can be added up: the host name, the process id
 * and the application (the main class or jar). Worked out once, on the first event, from what the process
 * already knows: never a DNS lookup, which can hang on a misconfigured resolver
 * ({@code InetAddress.getLocalHost()} does one), and never JMX, which application servers set up themselves.
 */
final class JvmIdentity {
    static final String UNKNOWN = "unknown";

    private final String host;
    private final Long pid;
    private final String app;

    JvmIdentity(String host, Long pid, String app) {
        this.host = host;
        this.pid = pid;
        this.app = app;
    }

    /** This JVM's identity, worked out on first use. */
    static JvmIdentity current() {
        return Current.IDENTITY;
    }

    private static final class Current {
        static final JvmIdentity IDENTITY = of(System.getenv(), System.getProperty("sun.java.command"));
    }

    static JvmIdentity of(Map<String, String> env, String javaCommand) {
        return new JvmIdentity(hostName(env, new File("/proc/sys/kernel/hostname"), new File("/etc/hostname")),
                processId(), application(javaCommand));
    }

    /**
     * {@code HOSTNAME} when the environment exports it (containers do), else the kernel's name for the host
     * (Linux), else {@code /etc/hostname}, else Windows' {@code COMPUTERNAME}; {@code unknown} when none says.
     */
    static String hostName(Map<String, String> env, File kernelHostName, File etcHostName) {
        String name = nonBlank(env.get("HOSTNAME"));
        if (name == null) {
            name = firstLine(kernelHostName);
        }
        if (name == null) {
            name = firstLine(etcHostName);
        }
        if (name == null) {
            name = nonBlank(env.get("COMPUTERNAME"));
        }
        return name == null ? UNKNOWN : name;
    }

    /** The first word of {@code sun.java.command}: the main class, or the jar of {@code java -jar}. */
    static String application(String javaCommand) {
        String command = nonBlank(javaCommand);
        if (command == null) {
            return UNKNOWN;
        }
        int space = command.indexOf(' ');
        return space < 0 ? command : command.substring(0, space);
    }

    /** Java 9's {@code ProcessHandle} (looked up by name: the agent is Java 8 bytecode), else Linux's /proc/self. */
    private static Long processId() {
        try {
            Class<?> handle = Class.forName("java.lang.ProcessHandle");
            Object current = handle.getMethod("current").invoke(null);
            Method pid = handle.getMethod("pid");
            return (Long) pid.invoke(current);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Java 8: /proc/self is a link named after the reading process's id
        }
        try {
            return Long.valueOf(new File("/proc/self").getCanonicalFile().getName());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String firstLine(File file) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(new FileInputStream(file), StandardCharsets.UTF_8))) {
            return nonBlank(reader.readLine());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String nonBlank(String value) {
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        return trimmed.isEmpty() ? null : trimmed;
    }

    String host() {
        return host;
    }

    /** Null when the platform does not tell. */
    Long pid() {
        return pid;
    }

    String app() {
        return app;
    }

    @Override
    public String toString() {
        return host + "/" + pid + "/" + app;
    }
}
