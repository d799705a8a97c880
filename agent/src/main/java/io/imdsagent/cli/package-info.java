/**
 * What {@code java -jar imds-agent.jar} does: usage, {@code version}, {@code check}, {@code attach} and
 * {@code report}. Called only from {@code ImdsAgent.main}; never loaded into a host application by premain.
 */
package io.imdsagent.cli;
