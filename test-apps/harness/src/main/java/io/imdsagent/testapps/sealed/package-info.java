/**
 * Runs the emulator, the STS stub and forked application commands inside a fresh network namespace
 * ({@code unshare -rn}) where the literal IMDS addresses are loopback. Tests call SealedNamespace and SealedRun.
 */
package io.imdsagent.testapps.sealed;
