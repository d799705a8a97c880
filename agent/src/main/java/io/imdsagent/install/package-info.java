/**
 * Puts the agent into the JVM: the bridge defined in the bootstrap loader, the class-load filter that lets only
 * the instrumentations' class names through (kept as constants, so premain makes no instrumentation), and the
 * weaver that turns their hooks into bridge calls: by patching the class file where every hook is on entry, with
 * ASM otherwise. Called by the agent's runtime ({@code io.imdsagent}) at premain or agentmain; reads
 * {@code instrument}.
 */
package io.imdsagent.install;
