/**
 * Puts the agent into the JVM: the bridge onto the bootstrap class path, the bridge handler, and the
 * ByteBuddy recipe with its ignore list. Called only from the agent's runtime at premain or agentmain.
 */
package io.imdsagent.install;
