/**
 * What the agent tells the outside: JSON-lines events, its own stderr log, and the {@link
 * io.imdsagent.events.Redactor} that every line passes through. Any agent package may call it; it calls none but config.
 */
package io.imdsagent.events;
