package io.imdsagent.metrics;

import java.util.List;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;

/** The only code that names JMX types; loaded only once the platform MBean server exists or may. */
final class JmxRegistry {
    static final String OBJECT_NAME = "io.imdsagent:type=Agent";
    /** Registered by the JDK in the platform server alone, right after making it. */
    private static final String PLATFORM_RUNTIME = "java.lang:type=Runtime";

    private JmxRegistry() {
    }

    static void register(Object server, AgentStatusMBean status) throws Exception {
        ObjectName name = new ObjectName(OBJECT_NAME);
        MBeanServer mbeans = (MBeanServer) server;
        if (!mbeans.isRegistered(name)) {
            mbeans.registerMBean(status, name);
        }
    }

    /**
     * The platform MBean server if the JDK has made it, else null. Looks among the servers the factory made
     * rather than asking {@code ManagementFactory}, which would make it. A server the JDK is still filling
     * (no {@code Runtime} MXBean yet) counts as not there: the hook on its return registers the MBean.
     */
    static Object existingPlatformServer() throws Exception {
        List<MBeanServer> servers = MBeanServerFactory.findMBeanServer(null);
        if (servers.isEmpty()) {
            return null;
        }
        ObjectName runtime = new ObjectName(PLATFORM_RUNTIME);
        for (MBeanServer server : servers) {
            if (server.isRegistered(runtime)) {
                return server;
            }
        }
        return null;
    }
}
