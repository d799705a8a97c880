/**
 * The agent's options: where each comes from (agent argument, system property, environment, AWS
 * standard setting), their precedence and their values. Pure; read once at start by the agent and the CLI.
 */
package io.imdsagent.config;
