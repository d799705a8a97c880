/**
 * One {@code *Instrumentation} class per rewritten AWS SDK class, its advice nested inside and asking only
 * the bootstrap bridge; and the plain classes that turn the agent's credentials into each SDK copy's own
 * objects. Only {@code io.imdsagent.install} calls into this package.
 */
package io.imdsagent.instrument;
