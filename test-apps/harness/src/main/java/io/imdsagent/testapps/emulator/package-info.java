/**
 * An IMDSv2 emulator (tokens, roles, credentials with rotation, fault injection, request log), run
 * in-process by tests through {@link io.imdsagent.testapps.emulator.ImdsEmulator} or standalone by EmulatorMain.
 */
package io.imdsagent.testapps.emulator;
