/**
 * Puts the agent into the JVM and answers the bridge: the bridge into the bootstrap loader, the weaver that
 * turns the instrumentations' hooks into bridge calls, the bridge handler that dispatches each entry point to its
 * concern, and the self-assume guard it dispatches STS calls to. Called by the agent's runtime at premain or
 * agentmain, and (through the bridge) by the rewritten classes.
 */
package io.imdsagent.install;
