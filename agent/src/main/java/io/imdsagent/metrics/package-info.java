/**
 * What the agent did, counted, and the one MBean that shows it ({@code io.imdsagent:type=Agent}). Decision
 * points anywhere in the agent call {@link io.imdsagent.metrics.AgentCounter}; the runtime and the bridge
 * handler hand this package the platform MBean server once it exists. Only this package touches JMX.
 */
package io.imdsagent.metrics;
