/**
 * The agent's entry points ({@code ImdsAgent}: premain, agentmain, main) and the runtime they start.
 * Subpackages hold one concern each; this package only wires them together.
 */
package io.imdsagent;
