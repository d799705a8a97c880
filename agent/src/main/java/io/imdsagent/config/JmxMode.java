package io.imdsagent.config;

/** Whether the agent registers its MBean in the platform MBean server (option {@code jmx}). */
public enum JmxMode {
    ON, OFF
}
