/**
 * Decisions: what counts as an IMDS request, what happens to a token-less (IMDSv1) one in each
 * {@code imdsv1} mode, which requests to IMDS are refused in every mode (forwarded, fetched by an XML
 * processor), who made it (caller frame and jar), and the de-duplicated events that report it; whether an
 * {@code sts:AssumeRole} names the instance's own role and what each {@code self-assume} mode does.
 * Called by the bridge handler and the client adapters in {@code instrument}; calls imds, events and config.
 */
package io.imdsagent.policy;
