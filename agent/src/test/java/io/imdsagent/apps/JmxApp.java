package io.imdsagent.apps;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.logging.LogManager;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerBuilder;
import javax.management.MBeanServerConnection;
import javax.management.MBeanServerDelegate;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;

/**
 * An app that makes IMDSv1 calls and a forwarded (SSRF) one to IMDS ({@code args[1]}), then, by mode
 * ({@code args[0]}): {@code platform} asks for the platform MBean server and prints the agent's MBean;
 * {@code own-builder} first installs its own log manager and MBean server builder, as application servers do
 * in their main, then does the same; {@code wait MILLIS} prints {@code ready} and idles, to be watched from outside.
 * Prints statuses and sizes of IMDS answers, never their bodies.
 */
public final class JmxApp {
    private JmxApp() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String imds = args[1];
        if (mode.equals("own-builder")) {
            System.setProperty("java.util.logging.manager", AppLogManager.class.getName());
            System.setProperty("javax.management.builder.initial", AppMBeanServerBuilder.class.getName());
        }
        String role = get(imds + "/latest/meta-data/iam/security-credentials/", null).trim();
        System.out.println("imdsv1 credentials: " + get(imds + "/latest/meta-data/iam/security-credentials/" + role,
                null).length() + " chars");
        try {
            get(imds + "/latest/meta-data/instance-id", "203.0.113.9");
            System.out.println("forwarded: served");
        } catch (java.io.IOException e) {
            System.out.println("forwarded: refused");
        }
        if (mode.equals("wait")) {
            System.out.println("ready");
            System.out.flush();
            Thread.sleep(Long.parseLong(args[2]));
            return;
        }
        System.out.println("servers before asking: " + MBeanServerFactory.findMBeanServer(null).size());
        if (mode.equals("own-builder")) {
            System.out.println("log manager: " + LogManager.getLogManager().getClass().getName());
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        if (mode.equals("own-builder")) {
            System.out.println("platform server built by: " + AppMBeanServerBuilder.built);
        }
        System.out.println(agentMBean(server));
    }

    /** One line per attribute, {@code Name=value}, or {@code mbean: none}. */
    public static String agentMBean(MBeanServerConnection server) throws Exception {
        ObjectName name = new ObjectName("io.imdsagent:type=Agent");
        if (!server.isRegistered(name)) {
            return "mbean: none";
        }
        StringBuilder lines = new StringBuilder();
        for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
            lines.append(attribute.getName()).append('=').append(server.getAttribute(name, attribute.getName()))
                    .append(attribute.isWritable() ? " (writable)" : "").append('\n');
        }
        return lines.toString();
    }

    private static String get(String url, String forwardedFor) throws Exception {
        HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
        if (forwardedFor != null) {
            connection.setRequestProperty("X-Forwarded-For", forwardedFor);
        }
        try (InputStream in = connection.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** An application server's own log manager (set before anyone asks for one). */
    public static final class AppLogManager extends LogManager {
    }

    /** An application server's own MBean server builder; says whether the platform server came from it. */
    public static final class AppMBeanServerBuilder extends MBeanServerBuilder {
        static volatile String built = "the JDK's builder";

        @Override
        public MBeanServer newMBeanServer(String defaultDomain, MBeanServer outer, MBeanServerDelegate delegate) {
            built = getClass().getSimpleName();
            return super.newMBeanServer(defaultDomain, outer, delegate);
        }
    }
}
