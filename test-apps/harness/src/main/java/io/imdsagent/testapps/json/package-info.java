/**
 * The small JSON writer and reader the harness uses for request logs, run specs and results.
 * Harness-internal; test code reads logs through the emulator, STS and sealed packages instead.
 */
package io.imdsagent.testapps.json;
