/**
 * The IMDSv2 core: transport, retries, token session, instance profile and the JVM's one credential
 * cache. Pure Java over an injected transport, clock and scheduler; called by the agent runtime, the
 * bridge handler and {@code check}, never by rewritten classes directly.
 */
package io.imdsagent.imds;
