/**
 * What {@code java -jar imds-agent.jar} does: usage, {@code check} and {@code attach}. Called only
 * from {@code ImdsAgent.main}; never loaded into a host application by premain.
 */
package io.imdsagent.cli;
