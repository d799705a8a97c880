/**
 * Benchmarks that compare the same work with and without the agent in one run: JMH for per-call costs,
 * whole-process counts for IMDS traffic. Started by {@code test-apps/benchmarks/run.sh}, never by tests.
 */
package io.imdsagent.benchmarks;
