/**
 * The agent's side of each SDK's and HTTP client's own objects, by reflection (the agent cannot link against the
 * versions an application brings): reading a request's address and headers, building an SDK's credentials,
 * refresh results and exceptions or an STS result, answering or refusing a client's call. One class per SDK or
 * client. Called by {@code handler} only; calls policy, imds and events.
 */
package io.imdsagent.adapters;
