package io.imdsagent.metrics;

import io.imdsagent.events.AgentLog;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Puts the agent's MBean into the platform MBean server as soon as that exists, and never creates it: the
 * JDK creates it on the first {@code ManagementFactory.getPlatformMBeanServer()} (the application's, a JMX
 * exporter's, or the JDK's own management agent's when a JMX client attaches), and by then it must be built
 * with the application's {@code javax.management.builder.initial}, which the agent cannot know at start.
 * So the agent waits for that call to return (a hook, through the bridge) or, at start, looks whether an
 * earlier agent or the application has already made the server.
 *
 * <p>This class names no JMX type, so loading it loads none; {@link JmxRegistry} does the JMX work.
 */
public final class PlatformServerRegistration {
    /** The JDK makes every MBean server through this factory (a runtime without JMX lacks it). */
    static final String SERVER_FACTORY = "javax.management.MBeanServerFactory";

    private final AgentStatus status;
    private final AgentLog log;
    private final AtomicBoolean done = new AtomicBoolean();

    public PlatformServerRegistration(AgentStatus status, AgentLog log) {
        this.status = status;
        this.log = log;
    }

    /** {@code ManagementFactory.getPlatformMBeanServer()} is returning {@code server}; cheap after the first time. */
    public void serverReturned(Object server) {
        if (server == null || done.get() || !done.compareAndSet(false, true)) {
            return;
        }
        try {
            JmxRegistry.register(server, status);
            log.debug("registered the MBean " + JmxRegistry.OBJECT_NAME + " in the platform MBean server");
        } catch (Exception | LinkageError e) {
            log.warn("could not register the MBean " + JmxRegistry.OBJECT_NAME + " in the platform MBean server;"
                    + " the agent works on without it (set jmx=off to stop trying)", e);
        }
    }

    /**
     * At start: registers now if the platform server already exists (made by an agent attached before this
     * one, or by the application before a dynamic attach). Asks the JDK's server factory, which exists before any
     * server does and, unlike {@code ManagementFactory}, makes none (nor chooses the builder one will be made with).
     */
    public void registerIfServerExists() {
        try {
            Class.forName(SERVER_FACTORY, false, null);
        } catch (ClassNotFoundException | LinkageError noJmxInThisRuntime) {
            return;
        }
        try {
            serverReturned(JmxRegistry.existingPlatformServer());
        } catch (Exception | LinkageError e) {
            log.warn("could not look for the platform MBean server; the MBean " + JmxRegistry.OBJECT_NAME
                    + " appears once the application or a JMX client asks for that server", e);
        }
    }
}
