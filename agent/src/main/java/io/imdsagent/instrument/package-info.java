/**
 * One {@code *Instrumentation} class per rewritten AWS SDK or HTTP client class, its {@code Hook}s asking only
 * the bootstrap bridge; and the plain classes that turn the agent's answers into each SDK's or client's own
 * objects (by reflection). Only {@code io.imdsagent.install} calls into this package.
 */
package io.imdsagent.instrument;
