/**
 * What the agent rewrites, as data: one {@code *Instrumentation} per rewritten AWS SDK, HTTP client or JDK class,
 * naming its classes and the {@code Hook}s (method, shape, bridge method, values passed) that the weaver in
 * {@code io.imdsagent.install} turns into calls to the bootstrap bridge. No logic and no reflection lives here;
 * only {@code install} reads this package.
 */
package io.imdsagent.instrument;
