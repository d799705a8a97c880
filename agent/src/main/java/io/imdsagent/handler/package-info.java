/**
 * What answers the bridge at run time: {@code AgentHandler} takes each call the rewritten classes make and hands
 * it to its concern (the credential cache, the IMDSv1 gate, the connection guard and relay, the guard of the
 * JVM's writes, the self-assume guard); {@code FirstCallHandler} builds it at the first call, and each concern is
 * built at its own first use ({@code OnFirstUse}). Reached through the bridge only, and wired by
 * {@code io.imdsagent.ActiveAgent}; calls adapters, policy, relay, imds, events and metrics.
 */
package io.imdsagent.handler;
