package io.imdsagent.instrument;

/**
 * {@code java.lang.management.ManagementFactory.getPlatformMBeanServer()} (JDK 8 to 25): whoever first asks
 * for the platform MBean server (the application, a JMX exporter, the JDK's management agent when a JMX
 * client attaches) makes it; on its return the agent registers its MBean there. The agent never calls it.
 */
public final class PlatformMBeanServerInstrumentation implements TypeInstrumentation {
    public static final String MANAGEMENT_FACTORY = "java.lang.management.ManagementFactory";

    @Override
    public String[] classNames() {
        return new String[] {MANAGEMENT_FACTORY};
    }

    @Override
    public Hook[] hooks() {
        return new Hook[] {
            Hook.observeReturn("getPlatformMBeanServer", 0, "platformMBeanServer"),
        };
    }
}
